import { Injectable } from '@nestjs/common';
import { DEFAULT_TIMEOUT_MS } from '@ipfs-kit/backends';
import { withTimeout } from '../common/deadline';
import { errorInfo } from '../common/error-info';
import { SecretRedactor } from '../store/secret-redactor';
import { ServiceManager } from './service-manager.service';
import type { TestResultDto, TestServiceConfigDto } from './services.dto';

/** Probes a config without saving it: the dashboard's "test before saving". */
@Injectable()
export class ServiceTester {
  constructor(
    private readonly manager: ServiceManager,
    private readonly redactor: SecretRedactor,
  ) {}

  async test(input: TestServiceConfigDto): Promise<TestResultDto> {
    const config: Record<string, unknown> = { ...input.config };
    this.manager.rememberSecrets(input.type, config);
    if (input.name) {
      // Editing an existing service: the form leaves stored secrets out; use them.
      const existing = await this.manager.get(input.name).catch(() => null);
      if (existing && existing.type === input.type) {
        for (const field of this.manager.secretFields(input.type)) {
          if (!Object.prototype.hasOwnProperty.call(config, field) && existing.config[field] !== undefined) {
            config[field] = existing.config[field];
          }
        }
      }
    }
    for (const key of Object.keys(config)) if (config[key] === null) delete config[key];
    const { connection, config: valid } = await this.manager.connectUnsaved(input.type, config, input.name ?? `test-${input.type}`);
    const timeoutMs = valid.timeout_ms ?? DEFAULT_TIMEOUT_MS;
    try {
      const result = await withTimeout(connection.probe({ timeoutMs }), timeoutMs + 2_000, `probe of the ${input.type} config`);
      return {
        success: true,
        type: input.type,
        message: `Connection to ${input.type} works`,
        latency_ms: result.latencyMs,
        version: result.version ?? null,
        error: null,
      };
    } catch (failure) {
      const error = errorInfo(failure, (text) => this.redactor.redact(text));
      return { success: false, type: input.type, message: `Connection to ${input.type} failed: ${error.message}`, latency_ms: null, version: null, error };
    } finally {
      await connection.close().catch(() => undefined);
    }
  }
}
