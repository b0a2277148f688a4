import { createServer } from 'node:net';

/** Whether a TCP port on 127.0.0.1 can be bound right now. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `count` consecutive ports that were all free a moment ago, below Linux's ephemeral
 * range (32768+), so that outgoing connections rarely take them meanwhile. For servers
 * that need a port range, such as an FTP server's passive data ports.
 */
export async function freePortRange(count: number, lowest = 20_000, highest = 32_000): Promise<{ min: number; max: number }> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const min = lowest + Math.floor(Math.random() * (highest - lowest - count));
    let allFree = true;
    for (let port = min; port < min + count && allFree; port += 1) allFree = await isPortFree(port);
    if (allFree) return { min, max: min + count - 1 };
  }
  throw new Error(`no ${count} consecutive free ports between ${lowest} and ${highest}`);
}
