import type { INestApplicationContext } from '@nestjs/common';
import { KeptAnswer } from './common/kept-answer';
import type { FastRead } from './http/read-fast-path';
import { ServiceCatalog } from './services/service-catalog.service';
import { ServiceReads } from './services/service-reads.service';
import { ServiceStateStore } from './services/service-state.store';
import { StatusAllAnswer } from './services/status-all-answer';
import { SystemHealthService } from './system/system-health.service';

const ONE_STATUS = /^\/api\/services\/([a-z0-9][a-z0-9_-]{0,62})\/status$/;

const exactly = (path: string) => (url: string) => (url === path ? '' : null);

/**
 * The reads the fast path answers, each through the same method as its controller
 * (ServicesController, SystemController), so both give the same answer; every status
 * from its kept form (StatusAllAnswer), the same bytes as the controller's allStatuses.
 */
export function fastReads(app: INestApplicationContext): FastRead[] {
  const reads = app.get(ServiceReads);
  const catalog = app.get(ServiceCatalog);
  const health = app.get(SystemHealthService);
  const states = app.get(ServiceStateStore);
  const statusAll = app.get(StatusAllAnswer);
  // The list holds names, types, status, health and desired state: it changes only with
  // a stored file (the catalog's change count) or a state (the state store's).
  const list = new KeptAnswer(() => `${catalog.changes()} ${states.changes}`, () => reads.list());
  return [
    {
      match: (url) => ONE_STATUS.exec(url)?.[1] ?? null,
      public: false,
      // An unknown or unreadable service: the full pipeline answers its 404 or problem.
      answer: (name) => (catalog.find(name) ? reads.status(name, false).then((status) => JSON.stringify(status)) : null),
    },
    { match: exactly('/api/services/status'), public: false, answer: () => statusAll.json() },
    { match: exactly('/api/services/list'), public: false, answer: () => list.get() },
    { match: exactly('/api/system/health'), public: true, answer: (_, authenticated) => health.health(authenticated).then((answer) => JSON.stringify(answer)) },
  ];
}
