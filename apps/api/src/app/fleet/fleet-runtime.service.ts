import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { API_SETTINGS, type ApiSettings } from '../settings/api-settings';
import { FleetConfigs } from './fleet-configs.service';
import { FleetConnection } from './fleet-connection';
import { fleetParts } from './fleet-settings';
import { FleetViews } from './fleet-views.service';
import { NodeIdentity } from './node-identity';
import { PresenceService } from './presence.service';
import { RemoteControl } from './remote-control.service';
import { StatusPublisher } from './status-publisher.service';

/**
 * Starts fleet mode when NATS is configured; on a standalone node it does nothing. A
 * watcher (the stdio MCP server) runs only the views and the sending side of remote
 * control: no heartbeat, no status copies, no answers for the node, no fleet configs.
 */
@Injectable()
export class FleetRuntime implements OnApplicationBootstrap {
  constructor(
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    private readonly identity: NodeIdentity,
    private readonly connection: FleetConnection,
    private readonly publisher: StatusPublisher,
    private readonly presence: PresenceService,
    private readonly views: FleetViews,
    private readonly control: RemoteControl,
    private readonly configs: FleetConfigs,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.fleet) return;
    const parts = fleetParts(this.settings.fleet.role);
    await this.identity.load();
    // Listeners first (called in this order after each connect: the heartbeat before the
    // status copies, so other nodes see this one online as soon as possible), then the connection.
    if (parts.presence) this.presence.start();
    if (parts.statusCopies) this.publisher.start();
    this.views.start();
    if (parts.controlAnswers) this.control.start();
    if (parts.configs) this.configs.start();
    this.connection.start();
  }
}
