import { rename } from 'node:fs/promises';
import { makeTempDir, startSmtpServer, waitFor, type ApiProcess, type SmtpTestServer, type TempDir } from '@ipfs-kit/testbed';
import { pendingAlert, startQuickAlertingApi, type PendingAlert } from '../../test-support/alerting-api';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

/** Two starts of the built API, two alerts held back by the SMTP server and a takeover, on a loaded machine. */
const TEST_TIMEOUT_MS = 300_000;
/** Longer than the retry delay (IPFS_KIT_ALERT_MAX_RETRY_DELAY_S) and the outbox's folder sync: a second copy would be sent by then. */
const SECOND_COPY_WINDOW_MS = 6_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The alert outbox with two API processes on one store: only the process holding the
 * store's lease sends, so an alert reaches the SMTP server once even though the standby
 * sees the same outbox entry, and the standby's history follows the holder's alerts and
 * deliveries; when the holder is SIGKILLed with a delivery still pending, the standby
 * takes the lease over and sends it, once.
 */
describe('Alert deliveries with two API processes on one store (e2e: separate processes, a real SMTP server)', () => {
  let home: TempDir;
  let lake: DatasetFolder;
  let pond: DatasetFolder;
  let smtp: SmtpTestServer;
  let first: ApiProcess | null = null;
  let second: ApiProcess | null = null;

  const startApi = (): Promise<ApiProcess> => startQuickAlertingApi(home.path, { IPFS_KIT_RESOURCE_INTERVAL_S: '3600' });
  const mailsOf = (dedupeKey: string) => smtp.mails.filter((mail) => mail.messageId === `${dedupeKey}@ipfs-kit`);
  const historyEntry = async (api: ApiProcess, dedupeKey: string): Promise<PendingAlert | undefined> =>
    ((await api.request('GET', '/api/alerts/history')).body.alerts as PendingAlert[]).find((item) => item.dedupe_key === dedupeKey);

  beforeAll(async () => {
    [home, lake, pond, smtp] = await Promise.all([makeTempDir('alerts-lease'), parquetFolder(), parquetFolder(), startSmtpServer()]);
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    await first?.kill();
    await second?.stop();
    await smtp?.stop();
    await Promise.all([home?.remove(), lake?.remove(), pond?.remove()]);
  });

  it(
    'the lease holder alone sends an alert both processes see; after a SIGKILL of the holder the standby sends the pending one, once',
    async () => {
      smtp.refusing = true;
      first = await startApi();
      const a = first;
      const mail = { host: '127.0.0.1', port: smtp.port, starttls: false, from: 'ipfs-kit@example.org', to: ['ops@example.org'] };
      expect((await a.request('POST', '/api/alerts/channels', { body: { name: 'mail', type: 'email', config: mail } })).status).toBe(201);
      expect((await a.request('POST', '/api/alerts/rules', { body: { name: 'lake-down', condition: 'down', services: ['lake'], channels: ['mail'], failures: 2, repeat_interval_s: 0, send_resolved: false } })).status).toBe(201);
      for (const [name, folder] of [['lake', lake], ['pond', pond]] as const) {
        expect((await a.request('POST', '/api/services/add', { body: { name, type: 'parquet', config: { path: folder.path }, start: true } })).status).toBe(201);
      }

      // An alert whose delivery the SMTP server refuses for now: its outbox entry is on disk when the standby starts.
      await rename(lake.path, `${lake.path}-gone`);
      const lakeAlert = await pendingAlert(a, 'lake', 1);
      second = await startApi();
      const b = second;
      expect(b.output()).toMatch(/another API process holds the store's lease/);
      expect((await b.request('GET', '/api/alerts/status')).body.pending_deliveries).toBe(1);
      smtp.refusing = false;
      await waitFor('the lake alert at the SMTP server', async () => mailsOf(lakeAlert.dedupe_key).length > 0, 30_000, 100);
      await pause(SECOND_COPY_WINDOW_MS);
      expect(mailsOf(lakeAlert.dedupe_key)).toHaveLength(1);
      expect(smtp.mails).toHaveLength(1);
      // The standby's view follows the holder's delivery, its history too (the delivery log the holder appended).
      await waitFor('no pending delivery on the standby', async () => (await b.request('GET', '/api/alerts/status')).body.pending_deliveries === 0, 10_000, 200);
      await waitFor("the lake alert delivered in the standby's history", async () => (await historyEntry(b, lakeAlert.dedupe_key))?.deliveries?.[0]?.state === 'delivered', 10_000, 200);

      // A channel made through the holder and a rule through the standby, after the standby started: each process
      // reads the other's change. An alert on them is refused while the holder dies without clean-up: the
      // standby takes over, reads the alerts again and sends it.
      const pager = { ...mail, to: ['pager@example.org'] };
      expect((await a.request('POST', '/api/alerts/channels', { body: { name: 'pager', type: 'email', config: pager } })).status).toBe(201);
      await waitFor('the standby knows the new channel', async () => (await b.request('GET', '/api/alerts/channels/pager')).status === 200, 15_000, 200);
      const pondRule = { name: 'pond-down', condition: 'down', services: ['pond'], channels: ['pager'], failures: 2, repeat_interval_s: 0, send_resolved: false };
      expect((await b.request('POST', '/api/alerts/rules', { body: pondRule })).status).toBe(201);
      await waitFor('the holder knows the new rule', async () => (await a.request('GET', '/api/alerts/rules/pond-down')).status === 200, 15_000, 200);
      smtp.refusing = true;
      await rename(pond.path, `${pond.path}-gone`);
      const pondAlert = await pendingAlert(a, 'pond', 1);
      // The holder fired it after the standby started: the standby's history shows it within a few seconds.
      const firedSeenAt = Date.now();
      await waitFor("the pond alert in the standby's history", async () => (await historyEntry(b, pondAlert.dedupe_key))?.status === 'firing', 10_000, 100);
      process.stdout.write(`alerts lease: the holder's alert in the standby's history ${Date.now() - firedSeenAt} ms after the holder answered it\n`);
      await waitFor(
        "the standby's answers show the holder's firing alert",
        async () => (await b.request('GET', '/api/alerts/status')).body.firing.some((alert: { rule: string }) => alert.rule === 'pond-down'),
        15_000,
        200,
      );
      const refusedBefore = smtp.refused;
      expect((await a.kill()).signal).toBe('SIGKILL');
      first = null;
      const killedAt = Date.now();
      smtp.refusing = false;
      await waitFor('the pond alert at the SMTP server', async () => mailsOf(pondAlert.dedupe_key).length > 0, 60_000, 100);
      process.stdout.write(`alerts lease: pending alert sent by the standby ${Date.now() - killedAt} ms after SIGKILL of the holder (${smtp.refused - refusedBefore} refusals meanwhile)\n`);
      expect(b.output()).toMatch(/this API process holds the store's lease/);
      await waitFor('the delivery logged by the new holder', async () => (await historyEntry(b, pondAlert.dedupe_key))?.deliveries?.[0]?.state === 'delivered', 20_000, 250);
      await pause(SECOND_COPY_WINDOW_MS);
      expect(mailsOf(pondAlert.dedupe_key)).toEqual([expect.objectContaining({ to: ['pager@example.org'] })]);
      expect(mailsOf(lakeAlert.dedupe_key)).toHaveLength(1);
      expect(smtp.mails).toHaveLength(2);
      expect((await b.request('GET', '/api/alerts/status')).body.pending_deliveries).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
