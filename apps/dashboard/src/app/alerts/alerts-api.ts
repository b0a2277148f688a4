import { Injectable, inject } from '@angular/core';
import {
  apiErrorMessage,
  createAlertChannel,
  createAlertRule,
  createIpfsKitClient,
  createMaintenanceWindow,
  deleteAlertChannel,
  deleteAlertRule,
  deleteMaintenanceWindow,
  getAlertHistory,
  getAlertStatus,
  listAlertChannels,
  listAlertRules,
  listMaintenanceWindows,
  testAlertChannel,
  type AlertHistoryDto,
  type AlertStatusDto,
  type ChannelDto,
  type ChannelListDto,
  type ChannelTestResultDto,
  type Client,
  type CreateChannelDto,
  type CreateMaintenanceDto,
  type CreateRuleDto,
  type MaintenanceListDto,
  type MaintenanceWindowDto,
  type RuleDto,
  type RuleListDto,
} from '@ipfs-kit/sdk';
import { ApiToken } from '../core/api-token';
import { ApiCallError } from '../core/ipfs-kit-api';

interface SdkResult<T> {
  data?: T;
  error?: unknown;
  response?: Response;
}

/** The alert calls of the dashboard, through the generated SDK only (errors as ApiCallError). */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly token = inject(ApiToken);
  private readonly client: Client = createIpfsKitClient({ baseUrl: window.location.origin, token: this.token.get() });

  status(): Promise<AlertStatusDto> {
    return this.call(getAlertStatus({ client: this.client }));
  }

  history(limit = 100): Promise<AlertHistoryDto> {
    return this.call(getAlertHistory({ client: this.client, query: { limit } }));
  }

  channels(): Promise<ChannelListDto> {
    return this.call(listAlertChannels({ client: this.client }));
  }

  addChannel(body: CreateChannelDto): Promise<ChannelDto> {
    return this.call(createAlertChannel({ client: this.client, body }));
  }

  removeChannel(name: string): Promise<unknown> {
    return this.call(deleteAlertChannel({ client: this.client, path: { name } }), true);
  }

  testChannel(name: string): Promise<ChannelTestResultDto> {
    return this.call(testAlertChannel({ client: this.client, path: { name } }));
  }

  rules(): Promise<RuleListDto> {
    return this.call(listAlertRules({ client: this.client }));
  }

  addRule(body: CreateRuleDto): Promise<RuleDto> {
    return this.call(createAlertRule({ client: this.client, body }));
  }

  removeRule(name: string): Promise<unknown> {
    return this.call(deleteAlertRule({ client: this.client, path: { name } }), true);
  }

  windows(): Promise<MaintenanceListDto> {
    return this.call(listMaintenanceWindows({ client: this.client }));
  }

  addWindow(body: CreateMaintenanceDto): Promise<MaintenanceWindowDto> {
    return this.call(createMaintenanceWindow({ client: this.client, body }));
  }

  removeWindow(name: string): Promise<unknown> {
    return this.call(deleteMaintenanceWindow({ client: this.client, path: { name } }), true);
  }

  private async call<T>(request: Promise<SdkResult<T>>, empty = false): Promise<T> {
    let result: SdkResult<T>;
    try {
      result = await request;
    } catch (error) {
      throw new ApiCallError(`Cannot reach the API: ${apiErrorMessage(error)}`, null);
    }
    const status = result.response?.status ?? null;
    if (result.error !== undefined || (result.data === undefined && !empty)) {
      throw new ApiCallError(apiErrorMessage(result.error, status ?? undefined), status);
    }
    return result.data as T;
  }
}
