import { HttpException, HttpStatus, Inject, Injectable, NotFoundException, Logger, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { SERVICE_NAME_PATTERN } from '@ipfs-kit/backends';
import { toErrorResponse } from '../http/error-response';
import { ServiceLifecycle } from '../services/service-lifecycle.service';
import { ServiceReads } from '../services/service-reads.service';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { SecretRedactor } from '../store/secret-redactor';
import { FleetConnection } from './fleet-connection';
import { CONTROL_ACTIONS, decodeJson, encodeJson, type ControlAction, type ControlReply, type ControlRequest } from './fleet-records';
import { FleetSecretBox } from './fleet-secret-box';
import { FleetViews } from './fleet-views.service';
import { controlSubject } from './fleet-subjects';
import { NodeIdentity } from './node-identity';

/** A signed request older or newer than this is refused (clock skew and replays). */
const MAX_AGE_MS = 60_000;
/** How long a node waits for another to answer (a start may wait on a slow backend). */
const REQUEST_TIMEOUT_MS = 90_000;

/** The text a control request's signature covers. */
export function signedText(request: Omit<ControlRequest, 'signature'>): string {
  return [request.action, request.service, request.node_id, request.at, request.nonce].join('\n');
}

/**
 * Start, stop, restart and check a service on another node through NATS request/reply.
 * Requests are signed with the fleet key (a NATS user without it is refused even where
 * NATS lets it publish) and answered with what the local HTTP call would answer.
 */
@Injectable()
export class RemoteControl implements OnModuleDestroy {
  private readonly logger = new Logger('FleetControl');
  private readonly seenNonces = new Map<string, number>();
  private subscription: Subscription | null = null;
  private readonly box: FleetSecretBox | null;

  constructor(
    @Inject(API_SETTINGS) settings: ApiSettings,
    private readonly connection: FleetConnection,
    private readonly identity: NodeIdentity,
    private readonly lifecycle: ServiceLifecycle,
    private readonly reads: ServiceReads,
    private readonly views: FleetViews,
    private readonly redactor: SecretRedactor,
  ) {
    this.box = settings.fleet ? new FleetSecretBox(settings.fleet.fleetKey) : null;
  }

  start(): void {
    this.connection.onReady(async (connection) => this.listen(connection));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /**
   * Runs an action on a node named by id or name (404 when the fleet knows none) and
   * answers what it answers: its body, or an HttpException with its status and body.
   */
  async onNode(node: string, service: string, action: ControlAction): Promise<unknown> {
    const target = this.views.findNode(node);
    if (!target) throw new NotFoundException(`no node of the fleet has the id or name ${node}`);
    const reply = await this.request(target.id, service, action);
    if (reply.statusCode >= 200 && reply.statusCode < 300) return reply.body;
    throw new HttpException(reply.body as Record<string, unknown>, reply.statusCode);
  }

  /** Asks another node; its answer becomes this call's answer (same status, same body). */
  async request(nodeId: string, service: string, action: ControlAction): Promise<ControlReply> {
    const live = this.connection.current;
    if (!live || !this.box) throw new HttpException('this node is not connected to the fleet (NATS); try again when it is', HttpStatus.SERVICE_UNAVAILABLE);
    const unsigned = { action, service, node_id: nodeId, at: new Date().toISOString(), nonce: randomUUID() };
    const request: ControlRequest = { ...unsigned, signature: this.box.sign(signedText(unsigned)) };
    try {
      const message = await live.connection.request(controlSubject(nodeId), encodeJson(request), { timeout: REQUEST_TIMEOUT_MS });
      const reply = decodeJson<ControlReply>(message.data);
      if (!reply || typeof reply.statusCode !== 'number') throw new Error('the node sent an answer that is not a control reply');
      return reply;
    } catch (error) {
      const text = this.redactor.redact((error as Error).message);
      if (/no responders/i.test(text)) throw new HttpException(`node ${nodeId} does not answer (offline?)`, HttpStatus.SERVICE_UNAVAILABLE);
      if (/timeout/i.test(text)) throw new HttpException(`node ${nodeId} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`, HttpStatus.GATEWAY_TIMEOUT);
      throw new HttpException(`remote control of node ${nodeId} failed: ${text}`, HttpStatus.BAD_GATEWAY);
    }
  }

  private async listen(connection: NatsConnection): Promise<void> {
    if (this.subscription && !this.subscription.isClosed()) return;
    const { id } = await this.identity.load();
    this.subscription = connection.subscribe(controlSubject(id), {
      callback: (error, message) => {
        if (error) return;
        void this.answer(message.data)
          .then((reply) => message.respond(encodeJson(reply)))
          .catch((failure: unknown) => this.logger.warn(`answering a remote-control request failed: ${this.redactor.redact((failure as Error).message)}`));
      },
    });
  }

  private async answer(data: Uint8Array): Promise<ControlReply> {
    const request = decodeJson<ControlRequest>(data);
    const refusal = this.refusal(request);
    if (refusal) {
      this.logger.warn(`refused a remote-control request: ${refusal}`);
      return { statusCode: 403, body: { statusCode: 403, error: 'Forbidden', message: `remote control refused: ${refusal}` } };
    }
    const { action, service } = request as ControlRequest;
    if (!SERVICE_NAME_PATTERN.test(service)) {
      return { statusCode: 400, body: { statusCode: 400, error: 'Bad Request', message: 'name: not a valid service name', field: 'name' } };
    }
    this.logger.log(`remote ${action} of ${service}`);
    try {
      const body = action === 'check' ? await this.reads.status(service, true) : await this.lifecycle[action](service);
      return { statusCode: 200, body };
    } catch (error) {
      const body = toErrorResponse(error, (text) => this.redactor.redact(text));
      return { statusCode: body.statusCode, body };
    }
  }

  /** Why a request is refused, or null when it carries a valid fleet signature for this node. */
  private refusal(request: ControlRequest | null): string | null {
    if (!request || typeof request !== 'object') return 'not a JSON control request';
    if (!this.box || typeof request.signature !== 'string' || request.signature === '') return 'the request is not signed with the fleet key';
    if (!CONTROL_ACTIONS.includes(request.action) || typeof request.service !== 'string') return 'unknown action';
    if (request.node_id !== this.identity.current?.id) return 'the request is for another node';
    const at = Date.parse(request.at);
    if (!Number.isFinite(at) || Math.abs(Date.now() - at) > MAX_AGE_MS) return 'the request is too old or from the future';
    const { signature, ...unsigned } = request;
    if (!this.box.verify(signedText(unsigned), signature)) return 'the signature does not match the fleet key';
    this.pruneNonces();
    if (this.seenNonces.has(request.nonce)) return 'the request was already answered (replay)';
    this.seenNonces.set(request.nonce, at);
    return null;
  }

  private pruneNonces(): void {
    const oldest = Date.now() - 2 * MAX_AGE_MS;
    for (const [nonce, at] of this.seenNonces) if (at < oldest) this.seenNonces.delete(nonce);
  }
}
