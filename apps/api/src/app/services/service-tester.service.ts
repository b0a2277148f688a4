import { Injectable } from '@nestjs/common';
import { errorInfo } from '../common/error-info';
import { SecretRedactor } from '../store/secret-redactor';
import { keepStoredSecrets } from './config-secrets';
import { ServiceCatalog } from './service-catalog.service';
import { ServiceConnections } from './service-connections.service';
import type { TestResultDto, TestServiceConfigDto } from './services.dto';

/** Probes a config without saving it: the dashboard's "test before saving". */
@Injectable()
export class ServiceTester {
  constructor(
    private readonly catalog: ServiceCatalog,
    private readonly connections: ServiceConnections,
    private readonly redactor: SecretRedactor,
  ) {}

  async test(input: TestServiceConfigDto): Promise<TestResultDto> {
    let config: Record<string, unknown> = { ...input.config };
    this.catalog.rememberSecrets(input.type, config);
    // Editing an existing service: the form leaves stored secrets out (or sends the placeholder); use them.
    const existing = input.name ? this.catalog.find(input.name) : null;
    if (existing && existing.type === input.type) {
      config = keepStoredSecrets(config, input.config ?? {}, existing.config, this.catalog.secretFields(input.type), true);
    }
    for (const key of Object.keys(config)) if (config[key] === null) delete config[key];
    const unsaved = await this.connections.connectUnsaved(input.type, config, input.name ?? `test-${input.type}`);
    const { connection } = unsaved;
    try {
      const result = await this.connections.call(unsaved, `probe of the ${input.type} config`, (conn, options) => conn.probe(options));
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
