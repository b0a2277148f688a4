import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A notice as the generic webhook sends it (the fields the tests read). */
export interface ReceivedNotice {
  dedupe_key: string;
  alert_id: string;
  service: string;
  service_type: string | null;
  rule: string;
  condition: string;
  event: string;
  status: 'firing' | 'resolved';
  started_at: string;
  resolved_at: string | null;
  at: string;
  sequence: number;
  value: number | null;
  message: string;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  /** Bodies whose signature checked out, in arrival order (repeats of a dedupe key included). */
  received: ReceivedNotice[];
  /** Raw bodies as they arrived. */
  rawBodies: string[];
  /** Requests refused for a missing or wrong signature. */
  badSignatures: number;
  /** Stops listening: the port refuses connections until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 that checks `X-Ipfs-Kit-Signature-256: sha256=<hex>`
 * (HMAC-SHA256 of the raw body with `secret`) on every request, as a real receiver
 * should: a wrong or missing signature gets 401 and is counted, never recorded.
 */
export async function startWebhookReceiver(secret: string, port = 0): Promise<WebhookReceiver> {
  const received: ReceivedNotice[] = [];
  const rawBodies: string[] = [];
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let boundPort = port;
  const receiver: WebhookReceiver = {
    url: '',
    port: 0,
    received,
    rawBodies,
    badSignatures: 0,
    stop: async () => {
      const current = server;
      server = null;
      if (!current) return;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => current.close(() => resolve()));
    },
    start: async () => {
      const next = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const raw = Buffer.concat(chunks);
          rawBodies.push(raw.toString('utf8'));
          const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
          const header = Buffer.from(String(request.headers['x-ipfs-kit-signature-256'] ?? ''));
          if (header.length !== expected.length || !timingSafeEqual(header, expected)) {
            receiver.badSignatures += 1;
            response.writeHead(401).end();
            return;
          }
          received.push(JSON.parse(raw.toString('utf8')) as ReceivedNotice);
          response.writeHead(204).end();
        });
      });
      next.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve, reject) => {
        next.once('error', reject);
        next.listen(boundPort, '127.0.0.1', resolve);
      });
      boundPort = (next.address() as AddressInfo).port;
      receiver.port = boundPort;
      receiver.url = `http://127.0.0.1:${boundPort}/hook`;
      server = next;
    },
  };
  await receiver.start();
  return receiver;
}
