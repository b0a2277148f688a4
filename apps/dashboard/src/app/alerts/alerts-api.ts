import { Injectable, inject } from '@angular/core';
import {
  createAlertChannel,
  createAlertRule,
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
import { dashboardClient, sdkData } from '../core/sdk-call';

/** The alert calls of the dashboard, through the generated SDK only (errors as ApiCallError). */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly token = inject(ApiToken);
  private readonly client: Client = dashboardClient(this.token.get());

  status(): Promise<AlertStatusDto> {
    return sdkData(getAlertStatus({ client: this.client }));
  }

  history(limit = 100): Promise<AlertHistoryDto> {
    return sdkData(getAlertHistory({ client: this.client, query: { limit } }));
  }

  channels(): Promise<ChannelListDto> {
    return sdkData(listAlertChannels({ client: this.client }));
  }

  addChannel(body: CreateChannelDto): Promise<ChannelDto> {
    return sdkData(createAlertChannel({ client: this.client, body }));
  }

  removeChannel(name: string): Promise<unknown> {
    return sdkData(deleteAlertChannel({ client: this.client, path: { name } }), true);
  }

  testChannel(name: string): Promise<ChannelTestResultDto> {
    return sdkData(testAlertChannel({ client: this.client, path: { name } }));
  }

  rules(): Promise<RuleListDto> {
    return sdkData(listAlertRules({ client: this.client }));
  }

  addRule(body: CreateRuleDto): Promise<RuleDto> {
    return sdkData(createAlertRule({ client: this.client, body }));
  }

  removeRule(name: string): Promise<unknown> {
    return sdkData(deleteAlertRule({ client: this.client, path: { name } }), true);
  }

  windows(): Promise<MaintenanceListDto> {
    return sdkData(listMaintenanceWindows({ client: this.client }));
  }

  addWindow(body: CreateMaintenanceDto): Promise<MaintenanceWindowDto> {
    return sdkData(createMaintenanceWindow({ client: this.client, body }));
  }

  removeWindow(name: string): Promise<unknown> {
    return sdkData(deleteMaintenanceWindow({ client: this.client, path: { name } }), true);
  }
}
