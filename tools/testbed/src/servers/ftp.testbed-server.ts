import { KNOWN_TREE, writeFileTree } from '../lib/file-tree';
import { ftpServiceConfig, startVsftpd } from '../lib/vsftpd';
import { seedOrStop, type TestbedServerEntry } from './testbed-server';

/** Debian's vsftpd with a local test user and a folder of files (needs root). */
export const ftpTestbedServer: TestbedServerEntry = {
  name: 'ftp',
  label: 'vsftpd',
  needsRoot: true,
  start: async () => {
    const server = await startVsftpd();
    const tree = await seedOrStop(server.stop, () => writeFileTree(server.rootDir, KNOWN_TREE, server.owner));
    return {
      name: 'ftp',
      type: 'ftp',
      config: ftpServiceConfig(server),
      description: `vsftpd on ${server.host}:${server.port} (pid ${server.process.pid}), user ${server.username}, ${tree.files} files in ${server.rootDir}`,
      address: `ftp://${server.host}:${server.port}${server.rootDir}`,
      credentials: `user ${server.username}, password ${server.password} (plain FTP, passive ports ${server.pasvPorts.min}-${server.pasvPorts.max})`,
      pid: server.process.pid,
      stop: server.stop,
    };
  },
};
