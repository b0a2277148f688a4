import { KNOWN_TREE, writeFileTree } from '../lib/file-tree';
import { sshfsServiceConfig, startSshd } from '../lib/sshd';
import { seedOrStop, type TestbedServerEntry } from './testbed-server';

/** Debian's OpenSSH sshd (SFTP) with a local test user, a key pair and a folder of files (needs root). */
export const sshfsTestbedServer: TestbedServerEntry = {
  name: 'sshfs',
  label: 'sshd',
  needsRoot: true,
  start: async () => {
    const server = await startSshd();
    const tree = await seedOrStop(server.stop, () => writeFileTree(server.rootDir, KNOWN_TREE, server.owner));
    return {
      name: 'sshfs',
      type: 'sshfs',
      config: sshfsServiceConfig(server),
      description: `sshd on ${server.host}:${server.port} (pid ${server.process.pid}), user ${server.username} (key login), ${tree.files} files in ${server.rootDir}`,
      address: `sftp://${server.username}@${server.host}:${server.port}${server.rootDir}`,
      credentials:
        `user ${server.username}, key login: sftp -i ${server.privateKeyFile} -P ${server.port} ${server.username}@${server.host} ` +
        `(host key ${server.hostKeyFingerprint})`,
      pid: server.process.pid,
      stop: server.stop,
    };
  },
};
