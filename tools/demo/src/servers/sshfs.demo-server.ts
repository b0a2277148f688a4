import { KNOWN_TREE, startSshd, writeFileTree } from '@ipfs-kit/testbed';
import { DEMO_CHECK_INTERVAL_S, seedOrStop, type DemoServerEntry } from './demo-server';

/** Debian's OpenSSH sshd (SFTP) with a local test user, a key pair and a folder of files (needs root). */
export const sshfsDemoServer: DemoServerEntry = {
  name: 'sshfs',
  label: 'sshd',
  needsRoot: true,
  start: async () => {
    const server = await startSshd();
    const tree = await seedOrStop(server.stop, () => writeFileTree(server.rootDir, KNOWN_TREE, server.owner));
    return {
      name: 'sshfs',
      type: 'sshfs',
      config: {
        host: server.host,
        port: server.port,
        username: server.username,
        private_key: server.privateKey,
        host_key_fingerprint: server.hostKeyFingerprint,
        remote_path: server.rootDir,
        check_interval_s: DEMO_CHECK_INTERVAL_S,
      },
      description: `sshd on ${server.host}:${server.port} (pid ${server.process.pid}), user ${server.username} (key login), ${tree.files} files in ${server.rootDir}`,
      pid: server.process.pid,
      stop: server.stop,
    };
  },
};
