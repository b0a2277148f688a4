import { randomUUID } from 'node:crypto';
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileHashes, makeTempDir, startSmtpServer, type Json, type SmtpTestServer, type TempDir } from '@ipfs-kit/testbed';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../../test-support/webhook-receiver';

jest.setTimeout(120_000);

const clone = (value: Json): Json => JSON.parse(JSON.stringify(value));
/** The files a restore may write (locks, logs and the history database aside). */
const storeFingerprint = (home: string): Promise<Record<string, string>> => fileHashes(home, /\.lock$|history\.sqlite|\.pid$|\.log$/);

/**
 * The alerts config (channels with their secrets, rules, maintenance windows) in the
 * backup: sealed with the store's key, never in clear; restored into another store with
 * the same key (the channels send with their secrets); a bad alerts section refused with
 * a 400 naming the place and nothing changed; a backup without the section (made before
 * it existed) restored as before, the alerts config left as it is.
 */
describe('The alerts config in backups (e2e over HTTP)', () => {
  const HOOK_SECRET = `hook-secret-${randomUUID()}`;
  const SMTP_PASSWORD = `smtp-password-${randomUUID()}`;
  let source: TestApi;
  let target: TestApi | null = null;
  let targetHome: TempDir;
  let lake: DatasetFolder;
  let receiver: WebhookReceiver;
  let smtp: SmtpTestServer;
  let backup: Json;

  const restore = (api: TestApi, body: Json, query = '') =>
    api.request('POST', `/api/backup/restore${query}`, { rawBody: JSON.stringify(body), headers: { 'Content-Type': 'application/octet-stream' } });
  const alertsConfig = async (api: TestApi) => ({
    channels: (await api.request('GET', '/api/alerts/channels')).body.channels,
    rules: (await api.request('GET', '/api/alerts/rules')).body.rules,
    windows: (await api.request('GET', '/api/alerts/maintenance')).body.windows.map((window: Record<string, unknown>) => ({ ...window, active: null })),
  });

  beforeAll(async () => {
    [lake, receiver, smtp, targetHome] = await Promise.all([
      parquetFolder(),
      startWebhookReceiver(HOOK_SECRET),
      startSmtpServer({ auth: { username: 'alerts', password: SMTP_PASSWORD } }),
      makeTempDir('alerts-backup-target'),
    ]);
    source = await startTestApi({ env: { IPFS_KIT_SCHEDULER: 'off' } });
    const channels = [
      { name: 'hook', type: 'webhook', config: { url: receiver.url, secret: HOOK_SECRET } },
      { name: 'mail', type: 'email', config: { host: '127.0.0.1', port: smtp.port, starttls: false, username: 'alerts', password: SMTP_PASSWORD, from: 'ipfs-kit@example.org', to: ['ops@example.org'] } },
    ];
    for (const body of channels) expect((await source.request('POST', '/api/alerts/channels', { body })).status).toBe(201);
    expect((await source.request('POST', '/api/alerts/rules', { body: { name: 'lake-down', condition: 'down', services: ['lake'], channels: ['hook', 'mail'], failures: 2 } })).status).toBe(201);
    expect((await source.request('POST', '/api/alerts/rules', { body: { name: 'full', condition: 'quota_above', threshold: 80, channels: ['mail'] } })).status).toBe(201);
    const window = { name: 'nightly', kind: 'weekly', weekdays: ['sun'], start_time: '03:00', duration_s: 3600, comment: 'disk checks' };
    expect((await source.request('POST', '/api/alerts/maintenance', { body: window })).status).toBe(201);
    expect((await source.request('POST', '/api/services/add', { body: { name: 'lake', type: 'parquet', config: { path: lake.path } } })).status).toBe(201);
    const answer = await source.request('GET', '/api/backup');
    expect(answer.status).toBe(200);
    backup = answer.body;
  });

  afterAll(async () => {
    await target?.close();
    await source?.close();
    await Promise.all([lake?.remove(), receiver?.stop(), smtp?.stop(), targetHome?.remove()]);
  });

  it('holds the channels, rules and windows, channel secrets sealed and never in clear', async () => {
    const text = JSON.stringify(backup);
    expect(text).not.toContain(HOOK_SECRET);
    expect(text).not.toContain(SMTP_PASSWORD);
    expect(backup.alerts.version).toBe(1);
    expect(backup.alerts.channels.map((channel: { name: string }) => channel.name)).toEqual(['hook', 'mail']);
    expect(backup.alerts.channels[0].config.secret).toMatch(/^enc:v1:/);
    expect(backup.alerts.channels[1].config.password).toMatch(/^enc:v1:/);
    expect(backup.alerts.rules.map((rule: { name: string }) => rule.name)).toEqual(['lake-down', 'full']);
    expect(backup.alerts.maintenance).toEqual([expect.objectContaining({ name: 'nightly', kind: 'weekly', start_time: '03:00' })]);
  });

  it('restores into another store with the same key: the same config, and the channels send with their secrets', async () => {
    await mkdir(join(targetHome.path, 'config'), { recursive: true });
    await copyFile(join(source.home, 'config', 'secret.key'), join(targetHome.path, 'config', 'secret.key'));
    target = await startTestApi({ home: targetHome.path, env: { IPFS_KIT_SCHEDULER: 'off' } });
    const preview = await restore(target, backup, '?dry_run=true');
    expect(preview.status).toBe(200);
    expect(preview.body.message).toMatch(/alerts: 2 channel\(s\), 2 rule\(s\), 1 maintenance window\(s\); nothing written/);
    expect((await alertsConfig(target)).channels).toEqual([]);

    const answer = await restore(target, backup);
    expect(answer.status).toBe(200);
    expect(answer.body.message).toMatch(/alerts: 2 channel\(s\), 2 rule\(s\), 1 maintenance window\(s\)/);
    expect(await alertsConfig(target)).toEqual(await alertsConfig(source));
    expect((await alertsConfig(target)).channels.map((channel: { secrets: Record<string, string> }) => Object.values(channel.secrets))).toEqual([['set'], ['set']]);

    for (const channel of ['hook', 'mail']) expect((await target.request('POST', `/api/alerts/channels/${channel}/test`)).body).toMatchObject({ success: true });
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(smtp.mails).toEqual([expect.objectContaining({ user: 'alerts', to: ['ops@example.org'] })]);
    const logs = [...source.logger.lines, ...target.logger.lines].join('\n');
    expect(logs).not.toContain(HOOK_SECRET);
    expect(logs).not.toContain(SMTP_PASSWORD);
  });

  it('merges over the current config by name, or replaces it', async () => {
    const api = target as TestApi;
    expect((await api.request('DELETE', '/api/alerts/rules/full')).status).toBe(204);
    expect((await api.request('POST', '/api/alerts/rules', { body: { name: 'slow', condition: 'latency_above', threshold: 500, channels: ['hook'] } })).status).toBe(201);
    expect((await restore(api, backup, '?mode=merge')).status).toBe(200);
    expect((await alertsConfig(api)).rules.map((rule: { name: string }) => rule.name).sort()).toEqual(['full', 'lake-down', 'slow']);
    expect((await restore(api, backup, '?mode=replace')).status).toBe(200);
    expect(await alertsConfig(api)).toEqual(await alertsConfig(source));
  });

  it('refuses a bad alerts section with 400 naming the place, and changes nothing', async () => {
    const api = target as TestApi;
    const cases: Array<{ what: string; body: Json; field: string }> = [];
    const variant = (what: string, field: string, change: (copy: Json) => void): void => {
      const copy = clone(backup);
      change(copy);
      cases.push({ what, body: copy, field });
    };
    variant('a section that is no object', 'alerts', (copy) => (copy.alerts = 'all of them'));
    variant('an unknown key in the section', 'alerts.owner', (copy) => (copy.alerts.owner = 'x'));
    variant('a rule naming a channel that is nowhere', 'alerts.rules.full.channels', (copy) => (copy.alerts.rules[1].channels = ['pager']));
    variant('a percent over 100', 'alerts.rules.full.threshold', (copy) => (copy.alerts.rules[1].threshold = 150));
    variant('an unknown condition', 'alerts.rules.lake-down.condition', (copy) => (copy.alerts.rules[0].condition = 'on_fire'));
    variant('an unknown key in a rule', 'alerts.rules.lake-down.shell', (copy) => (copy.alerts.rules[0].shell = 'id'));
    variant('a channel secret that does not decrypt', 'alerts.channels.hook.config', (copy) => (copy.alerts.channels[0].config.secret = `enc:v1:${'A'.repeat(40)}`));
    variant('an unknown channel config field', 'alerts.channels.mail.config.relay', (copy) => (copy.alerts.channels[1].config.relay = 'evil.example.org'));
    variant('a channel URL that is no URL', 'alerts.channels.hook.config.url', (copy) => (copy.alerts.channels[0].config.url = 'file:///etc/passwd'));
    variant('a channel name given twice', 'alerts.channels.hook', (copy) => copy.alerts.channels.push(clone(copy.alerts.channels[0])));
    variant('a weekly window without weekdays', 'alerts.maintenance.nightly.weekdays', (copy) => (copy.alerts.maintenance[0].weekdays = []));
    variant('a list that is no list', 'alerts.rules', (copy) => (copy.alerts.rules = { 'lake-down': {} }));
    variant('a bad service entry beside a bad rule: both named', 'services.lake.config.path', (copy) => {
      copy.services.lake.config.path = 7;
      copy.alerts.rules[0].failures = 0;
    });

    const config = await alertsConfig(api);
    const before = await storeFingerprint(api.home);
    for (const { what, body, field } of cases) {
      const answer = await restore(api, body);
      expect({ what, status: answer.status }).toEqual({ what, status: 400 });
      const fields = (answer.body.fields ?? []).map((problem: { field: string }) => problem.field);
      expect({ what, fields }).toEqual({ what, fields: expect.arrayContaining([field]) });
      expect(answer.text).not.toContain(HOOK_SECRET);
    }
    expect((await restore(api, cases[cases.length - 1].body)).body.fields.map((problem: { field: string }) => problem.field)).toEqual(
      expect.arrayContaining(['services.lake.config.path', 'alerts.rules.lake-down.failures']),
    );
    expect(await storeFingerprint(api.home)).toEqual(before);
    expect(await alertsConfig(api)).toEqual(config);
  });

  it('restores a backup made before the alerts section existed, leaving the alerts config as it is', async () => {
    const api = target as TestApi;
    const older = clone(backup);
    delete older.alerts;
    expect((await api.request('DELETE', '/api/alerts/rules/full')).status).toBe(204);
    const config = await alertsConfig(api);
    for (const mode of ['merge', 'replace']) {
      const answer = await restore(api, older, `?mode=${mode}`);
      expect(answer.status).toBe(200);
      expect(answer.body.message).not.toMatch(/alerts:/);
      expect(await alertsConfig(api)).toEqual(config);
    }
    expect((await api.request('GET', '/api/services/list')).body.services).toEqual(['lake']);
  });
});
