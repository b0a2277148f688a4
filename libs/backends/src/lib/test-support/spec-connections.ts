import { recordingLogger } from '@ipfs-kit/testbed';
import type { CommonServiceConfig } from '../contract/common-service.config';
import { validateConfig } from '../contract/config-validation';
import type { BackendConnection, BackendLogger, StorageBackendDriver } from '../contract/storage-backend.driver';
import { testContext } from './test-context';

/** The connections a spec opens to one driver. */
export interface SpecConnections {
  /** A connection with `config` validated by the driver's config class, as service `serviceName`. */
  connect(config: Record<string, unknown>, log?: BackendLogger): Promise<BackendConnection>;
  /** Closes every connection opened (in afterAll). */
  closeAll(): Promise<void>;
}

/** Connections to `driver` as one service, each remembered until closeAll(). */
export function specConnections<C extends CommonServiceConfig>(driver: StorageBackendDriver<C>, serviceName: string): SpecConnections {
  const opened: BackendConnection[] = [];
  return {
    async connect(config, log = recordingLogger()) {
      const connection = driver.connect(await validateConfig(driver.configClass, config), testContext(serviceName, log));
      opened.push(connection);
      return connection;
    },
    async closeAll() {
      for (const connection of opened) await connection.close();
    },
  };
}
