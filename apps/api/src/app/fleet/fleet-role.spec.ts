import { asFleetWatcher, fleetParts, loadFleetSettings } from './fleet-settings';

const FLEET_ENV = { IPFS_KIT_NATS_URL: 'nats://127.0.0.1:4222', IPFS_KIT_FLEET_KEY: 'ab'.repeat(32), IPFS_KIT_NODE_NAME: 'node-a' };

describe('fleet role: one store, one fleet member', () => {
  it('the environment makes a member, which runs every part of the fleet runtime', () => {
    const fleet = loadFleetSettings(FLEET_ENV);
    expect(fleet?.role).toBe('member');
    expect(fleetParts('member')).toEqual({ presence: true, statusCopies: true, controlAnswers: true, configs: true, self: true });
  });

  it('a watcher keeps the same connection settings and runs only the views (no heartbeat, copies, answers or configs)', () => {
    const member = loadFleetSettings(FLEET_ENV);
    const watcher = asFleetWatcher(member);
    expect(watcher).toEqual({ ...member, role: 'watcher' });
    expect(member?.role).toBe('member');
    expect(fleetParts('watcher')).toEqual({ presence: false, statusCopies: false, controlAnswers: false, configs: false, self: false });
  });

  it('standalone stays standalone', () => {
    expect(asFleetWatcher(loadFleetSettings({}))).toBeNull();
  });
});
