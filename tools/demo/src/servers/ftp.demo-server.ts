import { KNOWN_TREE, startVsftpd, writeFileTree } from '@ipfs-kit/testbed';
import { DEMO_CHECK_INTERVAL_S, seedOrStop, type DemoServerEntry } from './demo-server';

/** Debian's vsftpd with a local test user and a folder of files (needs root). */
export const ftpDemoServer: DemoServerEntry = {
  name: 'ftp',
  label: 'vsftpd',
  needsRoot: true,
  start: async () => {
    const server = await startVsftpd();
    const tree = await seedOrStop(server.stop, () => writeFileTree(server.rootDir, KNOWN_TREE, server.owner));
    return {
      name: 'ftp',
      type: 'ftp',
      config: {
        host: server.host,
        port: server.port,
        username: server.username,
        password: server.password,
        root_path: server.rootDir,
        check_interval_s: DEMO_CHECK_INTERVAL_S,
      },
      description: `vsftpd on ${server.host}:${server.port} (pid ${server.process.pid}), user ${server.username}, ${tree.files} files in ${server.rootDir}`,
      pid: server.process.pid,
      stop: server.stop,
    };
  },
};
