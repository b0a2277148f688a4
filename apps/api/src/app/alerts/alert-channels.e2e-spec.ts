import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import {
  makeTempDir,
  startAlertmanager,
  startLoopbackHttp,
  startSmtpServer,
  startSynapseContractServer,
  waitFor,
  type AlertmanagerServer,
  type LoopbackHttpServer,
  type SmtpTestServer,
  type SynapseContractServer,
  type TempDir,
} from '@ipfs-kit/testbed';
import { QUICK_ALERTS_ENV } from '../../test-support/alerting-api';
import { startTestApi, type TestApi } from '../../test-support/api-harness';
import { parquetFolder, type DatasetFolder } from '../../test-support/datasets.fixture';

jest.setTimeout(240_000);

/**
 * Every channel kind against a real or contract peer: email through a local SMTP server
 * (STARTTLS, login), a real Alertmanager (read back through its v2 API), Matrix through
 * the Synapse contract server, Slack, Discord, Mattermost and ntfy shapes through
 * loopback receivers. A parquet folder that disappears fires one alert to all of them;
 * none of the channel secrets appears in any message, answer or log line.
 */
describe('Alert channels (e2e: SMTP, Alertmanager, Matrix, chat and ntfy peers)', () => {
  const SMTP_PASSWORD = `smtp-password-${randomUUID()}`;
  const MATRIX_TOKEN = `syt_matrix_${randomUUID().replace(/-/g, '')}`;
  const NTFY_TOKEN = `tk_${randomUUID().replace(/-/g, '')}`;
  const ROOM = '!alerts:example.org';
  let api: TestApi;
  let lake: DatasetFolder;
  let dir: TempDir;
  let smtp: SmtpTestServer;
  let alertmanager: AlertmanagerServer;
  let synapse: SynapseContractServer;
  let chat: LoopbackHttpServer;
  const secrets = () => [SMTP_PASSWORD, MATRIX_TOKEN, NTFY_TOKEN, `${chat.url}/slack/T000/B000/slack-hook-token`];

  beforeAll(async () => {
    dir = await makeTempDir('alert-channels');
    [lake, smtp, alertmanager, synapse, chat] = await Promise.all([
      parquetFolder(),
      startSmtpServer({ tlsDir: dir.path, auth: { username: 'alerts', password: SMTP_PASSWORD } }),
      startAlertmanager(),
      startSynapseContractServer({ userTokens: [MATRIX_TOKEN], joinedRooms: [ROOM] }),
      startLoopbackHttp((request, response) => {
        if (request.path.startsWith('/discord')) return void response.writeHead(204).end();
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }),
    ]);
    api = await startTestApi({ env: QUICK_ALERTS_ENV });
    const channels: Array<[string, string, Record<string, unknown>]> = [
      ['mail', 'email', { host: '127.0.0.1', port: smtp.port, username: 'alerts', password: SMTP_PASSWORD, from: 'ipfs-kit@example.org', to: ['ops@example.org'], ca_cert: smtp.certificatePem }],
      ['am', 'alertmanager', { url: alertmanager.url }],
      ['room', 'matrix', { homeserver_url: synapse.url, room_id: ROOM, access_token: MATRIX_TOKEN }],
      ['slack', 'slack', { url: `${chat.url}/slack/T000/B000/slack-hook-token` }],
      ['discord', 'discord', { url: `${chat.url}/discord/123/discord-hook-token`, username: 'ipfs-kit' }],
      ['mattermost', 'mattermost', { url: `${chat.url}/mattermost/hooks/mm-hook-token`, channel: 'ops' }],
      ['ntfy', 'ntfy', { url: `${chat.url}/ntfy`, topic: 'ipfs-kit-alerts', token: NTFY_TOKEN }],
    ];
    for (const [name, type, config] of channels) {
      const created = await api.request('POST', '/api/alerts/channels', { body: { name, type, config } });
      expect({ name, status: created.status }).toEqual({ name, status: 201 });
    }
    await api.request('POST', '/api/services/add', { body: { name: 'lake', type: 'parquet', config: { path: lake.path }, start: true } });
  });

  afterAll(async () => {
    await api?.close();
    await Promise.all([lake?.remove(), smtp?.stop(), alertmanager?.stop(), synapse?.stop(), chat?.close()]);
    await dir?.remove();
  });

  it('sends a test message through every channel kind', async () => {
    for (const name of ['mail', 'am', 'room', 'slack', 'discord', 'mattermost', 'ntfy']) {
      const answer = await api.request('POST', `/api/alerts/channels/${name}/test`);
      expect({ name, ...answer.body }).toMatchObject({ name, success: true, error: null });
    }
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ secure: true, user: 'alerts', to: ['ops@example.org'] });
    expect(synapse.messages).toHaveLength(1);
  });

  it('reports a refused delivery without the secret: a wrong Matrix room is a 403 from the homeserver', async () => {
    await api.request('POST', '/api/alerts/channels', { body: { name: 'wrong-room', type: 'matrix', config: { homeserver_url: synapse.url, room_id: '!elsewhere:example.org', access_token: MATRIX_TOKEN } } });
    const answer = await api.request('POST', '/api/alerts/channels/wrong-room/test');
    expect(answer.body).toMatchObject({ success: false });
    expect(answer.body.error).toMatch(/HTTP 403/);
    expect(answer.text).not.toContain(MATRIX_TOKEN);
    expect((await api.request('DELETE', '/api/alerts/channels/wrong-room')).status).toBe(204);
  });

  it('delivers a down alert and its resolution with the service name and state to every peer', async () => {
    const rule = await api.request('POST', '/api/alerts/rules', {
      body: { name: 'lake-down', condition: 'down', types: ['parquet'], channels: ['mail', 'am', 'room', 'slack', 'discord', 'mattermost', 'ntfy'], failures: 2, repeat_interval_s: 0 },
    });
    expect(rule.status).toBe(201);
    await waitFor('lake healthy', async () => (await api.request('GET', '/api/services/lake/status')).body.health === 'healthy', 30_000, 250);
    const mailsBefore = smtp.mails.length;
    const roomBefore = synapse.messages.length;
    await rename(lake.path, `${lake.path}-gone`);

    const [entry] = await waitFor(
      'every delivery of the firing alert accepted',
      async () => {
        const alerts = (await api.request('GET', '/api/alerts/history?rule=lake-down')).body.alerts;
        return alerts.length > 0 && alerts[0].deliveries.every((delivery: { state: string }) => delivery.state === 'delivered') ? alerts : null;
      },
      60_000,
      250,
    );
    expect(entry).toMatchObject({ service: 'lake', status: 'firing', event: 'down' });
    expect(entry.deliveries).toHaveLength(7);

    const mail = smtp.mails[mailsBefore];
    expect(mail).toMatchObject({ secure: true, user: 'alerts' });
    expect(mail.raw).toContain('Subject: [FIRING] lake (parquet): lake-down');
    expect(mail.raw).toContain('status: firing');

    const held = await waitFor('the alert in Alertmanager', async () => (await alertmanager.alerts()).find((alert) => alert.labels['service'] === 'lake'), 30_000, 250);
    expect(held.labels).toMatchObject({ alertname: 'lake-down', service: 'lake', service_type: 'parquet', condition: 'down' });
    expect(held.annotations['status']).toBe('firing');
    expect(held.status.state).toBe('active');

    const message = synapse.messages[roomBefore];
    expect(message).toMatchObject({ room_id: ROOM, type: 'm.room.message', txn_id: entry.dedupe_key });
    expect(message.content).toMatchObject({ msgtype: 'm.text' });
    expect(String(message.content['body'])).toContain('[FIRING] lake (parquet): lake-down');

    const bodies = (prefix: string) => chat.requests.filter((request) => request.path.startsWith(prefix)).map((request) => request.body);
    expect(JSON.parse(bodies('/slack').at(-1) as string).text).toContain('[FIRING] lake (parquet)');
    expect(JSON.parse(bodies('/mattermost').at(-1) as string)).toMatchObject({ channel: 'ops', text: expect.stringContaining('[FIRING] lake (parquet)') });
    expect(JSON.parse(bodies('/discord').at(-1) as string)).toMatchObject({ username: 'ipfs-kit', content: expect.stringContaining('[FIRING] lake (parquet)') });
    const ntfy = chat.requests.filter((request) => request.path === '/ntfy/ipfs-kit-alerts').at(-1);
    expect(ntfy?.headers['title']).toBe('[FIRING] lake (parquet): lake-down');
    expect(ntfy?.headers['authorization']).toBe(`Bearer ${NTFY_TOKEN}`);
    expect(ntfy?.body).toContain("parquet service 'lake' down");

    await rename(`${lake.path}-gone`, lake.path);
    await waitFor('the resolution delivered everywhere', async () => {
      const [latest] = (await api.request('GET', '/api/alerts/history?rule=lake-down')).body.alerts;
      return latest.status === 'resolved' && latest.deliveries.every((delivery: { state: string }) => delivery.state === 'delivered');
    }, 60_000, 250);
    expect(smtp.mails.at(-1)?.raw).toContain('Subject: [RESOLVED] lake (parquet): lake-down');
    expect(String(synapse.messages.at(-1)?.content['body'])).toContain('[RESOLVED] lake (parquet)');
    await waitFor('Alertmanager no longer holds it active', async () => !(await alertmanager.alerts()).some((alert) => alert.labels['service'] === 'lake' && alert.status.state === 'active'), 30_000, 250);
  });

  it('keeps every channel secret out of answers, messages and log lines', async () => {
    const answers = await Promise.all(['/api/alerts/channels', '/api/alerts/channels/mail', '/api/alerts/channels/room', '/api/alerts/channels/slack', '/api/alerts/history'].map((path) => api.request('GET', path)));
    const mail = await api.request('GET', '/api/alerts/channels/mail');
    expect(mail.body.secrets).toEqual({ password: 'set' });
    expect(mail.body.config).not.toHaveProperty('password');
    const slack = await api.request('GET', '/api/alerts/channels/slack');
    expect(slack.body).toMatchObject({ config: {}, secrets: { url: 'set' } });
    const peers = [
      ...smtp.mails.map((item) => item.raw),
      ...synapse.requests.map((request) => request.body),
      ...chat.requests.filter((request) => !request.path.startsWith('/ntfy')).map((request) => `${request.body}${JSON.stringify(request.headers)}`),
      JSON.stringify(await alertmanager.alerts()),
    ];
    for (const secret of secrets()) {
      for (const answer of answers) expect(answer.text).not.toContain(secret);
      for (const text of peers) expect(text).not.toContain(secret);
      expect(api.logger.lines.join('\n')).not.toContain(secret);
    }
    // Each secret reaches only its own channel: the Matrix token only the homeserver, the ntfy token only ntfy.
    expect(chat.requests.some((request) => JSON.stringify(request.headers).includes(MATRIX_TOKEN))).toBe(false);
    expect(synapse.requests.every((request) => request.headers.authorization === `Bearer ${MATRIX_TOKEN}`)).toBe(true);
  });
});
