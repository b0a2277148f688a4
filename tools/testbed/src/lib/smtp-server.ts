import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { makeSelfSignedCertificate } from './tls-certificate';

/** One message the server accepted. */
export interface ReceivedMail {
  from: string;
  to: string[];
  secure: boolean;
  user: string | undefined;
  raw: string;
  /** The Message-ID header, without its angle brackets, or null. */
  messageId: string | null;
}

export interface SmtpServerOptions {
  /** STARTTLS with a self-signed certificate made in this folder; plain SMTP when omitted. */
  tlsDir?: string;
  /** PLAIN/LOGIN authentication with these credentials; no authentication when omitted. */
  auth?: { username: string; password: string };
}

export interface SmtpTestServer {
  port: number;
  /** The accepted messages, in order. */
  mails: ReceivedMail[];
  /** Message data refused (451) while `refusing` was true. */
  refused: number;
  /** While true, each message's data is answered 451 (a temporary failure): nothing is accepted. */
  refusing: boolean;
  /** The certificate a client trusts as its CA (STARTTLS only). */
  certificatePem: string | null;
  stop(): Promise<void>;
}

function messageIdOf(raw: string): string | null {
  const match = /^Message-ID:\s*<([^>\r\n]+)>/im.exec(raw);
  return match?.[1] ?? null;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 and a free port, recording what it accepts. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
  const certificate = options.tlsDir ? await makeSelfSignedCertificate(options.tlsDir, { name: 'smtp' }) : null;
  const auth = options.auth;
  const state: Omit<SmtpTestServer, 'port' | 'stop'> = { mails: [], refused: 0, refusing: false, certificatePem: certificate?.certificatePem ?? null };
  const server = new SMTPServer({
    ...(certificate ? { key: await readFile(certificate.keyFile), cert: certificate.certificatePem } : { disabledCommands: ['STARTTLS'] }),
    ...(auth ? { authMethods: ['PLAIN', 'LOGIN'] } : { authOptional: true }),
    logger: false,
    onAuth(given, _session, callback) {
      if (auth && given.username === auth.username && given.password === auth.password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.refusing) {
          state.refused += 1;
          callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        state.mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          secure: session.secure,
          user: session.user as string | undefined,
          raw,
          messageId: messageIdOf(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(state, { port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}
