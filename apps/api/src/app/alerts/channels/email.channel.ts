import { lazyModule } from '@ipfs-kit/backends';
import { noticeTitle, type AlertNotice } from '../alert-notice';
import { ConfigCheck, listOf, textOf } from '../channel-config';
import { DeliveryError } from '../channel-http';
import type { ChannelKind } from '../channel-kind';

/** nodemailer, loaded by the first email sent. */
const loadNodemailer = lazyModule(() => import('nodemailer'));

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
const HOST = /^[A-Za-z0-9.:[\]-]{1,253}$/;

function body(notice: AlertNotice): string {
  return [
    notice.message,
    '',
    `service: ${notice.service}${notice.service_type ? ` (${notice.service_type})` : ''}`,
    `rule: ${notice.rule} (${notice.condition})`,
    `status: ${notice.status}`,
    `started at: ${notice.started_at}`,
    ...(notice.resolved_at ? [`resolved at: ${notice.resolved_at}`] : []),
    `dedupe key: ${notice.dedupe_key}`,
  ].join('\n');
}

/**
 * Email over SMTP with nodemailer: STARTTLS required unless `starttls` is false (or
 * `secure` for implicit TLS on 465); `ca_cert` trusts a private CA. The password is a secret.
 */
export const emailChannel: ChannelKind = {
  type: 'email',
  fields: ['host', 'port', 'secure', 'starttls', 'username', 'password', 'from', 'to', 'ca_cert'],
  secretFields: ['password'],
  validate: (config) =>
    new ConfigCheck(config, emailChannel.fields)
      .text('host', { required: true, pattern: HOST, hint: 'must be a host name or address' })
      .integer('port', 1, 65535)
      .boolean('secure')
      .boolean('starttls')
      .text('username', { max: 256 })
      .text('password', { max: 1024 })
      .text('from', { required: true, pattern: ADDRESS, hint: 'must be an email address' })
      .textList('to', { required: true, pattern: ADDRESS, hint: 'must be email addresses' })
      .text('ca_cert', { max: 64 * 1024, pattern: /-----BEGIN CERTIFICATE-----/, hint: 'must be a PEM certificate' }).problems,
  async send(config, notice, { timeoutMs }) {
    const secure = config['secure'] === true;
    const username = textOf(config, 'username');
    const { createTransport } = await loadNodemailer();
    const transport = createTransport({
      host: textOf(config, 'host'),
      port: typeof config['port'] === 'number' ? config['port'] : secure ? 465 : 587,
      secure,
      requireTLS: !secure && config['starttls'] !== false,
      ignoreTLS: !secure && config['starttls'] === false,
      auth: username ? { user: username, pass: textOf(config, 'password') } : undefined,
      tls: textOf(config, 'ca_cert') ? { ca: textOf(config, 'ca_cert') } : undefined,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await transport.sendMail({
        from: textOf(config, 'from'),
        to: listOf(config, 'to'),
        subject: noticeTitle(notice),
        text: body(notice),
        headers: { 'X-Ipfs-Kit-Dedupe-Key': notice.dedupe_key },
        messageId: `<${notice.dedupe_key}@ipfs-kit>`,
      });
    } catch (error) {
      const code = (error as { code?: string; responseCode?: number }).code;
      const response = (error as { responseCode?: number }).responseCode;
      throw new DeliveryError(`SMTP delivery failed${code ? ` (${code})` : ''}${response ? `: ${response}` : ''}`);
    } finally {
      transport.close();
    }
  },
};
