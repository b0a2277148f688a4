import { connect } from 'node:net';

/**
 * Connects to host:port and resolves with the first line the server sends (an FTP
 * "220 ..." greeting, an SSH "SSH-2.0-..." identification). Rejects on refusal, on
 * close without a line, or after `timeoutMs`.
 */
export function readBanner(host: string, port: number, timeoutMs = 2_000): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    const finish = (error: Error | undefined, line?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(line ?? '');
    };
    const timer = setTimeout(() => finish(new Error(`no banner from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      const end = received.indexOf('\n');
      if (end >= 0) finish(undefined, received.slice(0, end).replace(/\r$/, ''));
    });
    socket.on('error', (error) => finish(error));
    socket.on('close', () => finish(new Error(`${host}:${port} closed the connection before sending a banner`)));
  });
}
