import { withDeadline, type CallOptions } from '../contract/backend-call';
import { HfAnswerRecorder } from './hf-answer-recorder';
import { mapHfError } from './hf-error.mapper';

/** What every @huggingface/hub function takes besides its own parameters. */
export interface HfHubParams {
  hubUrl: string;
  fetch: typeof fetch;
  accessToken?: string;
}

/**
 * Runs one @huggingface/hub call bounded by the call's deadline: the library gets a
 * fetch that carries the deadline's signal, and failures become BackendErrors naming
 * the request and the Hub URL, never the token.
 */
export class HfHubRequester {
  constructor(
    private readonly hubUrl: string,
    /** Hub URL as it may appear in messages. */
    readonly origin: string,
    private readonly token: string | undefined,
  ) {}

  get authenticated(): boolean {
    return this.token !== undefined;
  }

  async send<T>(call: CallOptions, route: string, work: (params: HfHubParams) => Promise<T>): Promise<T> {
    const request = `Hugging Face ${route} at ${this.origin}`;
    let recorder: HfAnswerRecorder | undefined;
    try {
      return await withDeadline(call, request, (signal) => {
        recorder = new HfAnswerRecorder(signal);
        return work({ hubUrl: this.hubUrl, fetch: recorder.fetch, ...(this.token ? { accessToken: this.token } : {}) });
      });
    } catch (error) {
      throw mapHfError(error, {
        request,
        timeoutMs: call.timeoutMs,
        secrets: this.token ? [this.token] : [],
        ...(recorder?.lastErrorHeaders ? { headers: recorder.lastErrorHeaders } : {}),
      });
    }
  }
}
