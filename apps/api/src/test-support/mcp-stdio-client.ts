import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '@ipfs-kit/testbed';

/** A spawned `npm run mcp` with the SDK's own client connected over its stdio. */
export interface StdioMcp {
  client: Client;
  /** Everything the process wrote on stderr so far (its logs). */
  stderr(): string;
}

/**
 * Spawns `npm run mcp` from the repository with `env` added to this process's (without
 * NODE_OPTIONS) and connects the SDK's client as `clientName` over stdio. The entry is
 * compiled first, bounded (4 min), so that the handshake timeout (2 min) covers only
 * the start. Close it with `client.close()`.
 */
export async function connectStdioClient(env: Record<string, string>, clientName: string): Promise<StdioMcp> {
  const childEnv: Record<string, string> = { ...(process.env as Record<string, string>), ...env };
  delete childEnv['NODE_OPTIONS'];
  const compile = spawnSync(process.execPath, ['tools/scripts/mcp.cjs'], { cwd: REPO_ROOT, env: childEnv, input: '', timeout: 240_000, encoding: 'utf8' });
  if (compile.status !== 0) throw new Error(`compiling the MCP entry failed (${compile.status ?? compile.signal}): ${compile.stderr}`);
  const transport = new StdioClientTransport({ command: 'npm', args: ['run', '--silent', 'mcp'], cwd: REPO_ROOT, env: childEnv, stderr: 'pipe' });
  let stderr = '';
  // The pipe exists from the start (the SDK creates a PassThrough for 'pipe'): read it before connecting.
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: clientName, version: '1.0.0' });
  await client.connect(transport, { timeout: 120_000 });
  return { client, stderr: () => stderr };
}
