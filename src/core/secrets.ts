import type { KeyStatus } from '../shared/contract';
import type { Environment, SecretStore } from './ports';

/** Persistence for a key typed into Lumen. `storage` says how safe it is, for the status line. */
export interface KeyVault {
  readonly storage: KeyStatus['storage'];
  load(): Promise<string | undefined>;
  save(key: string): Promise<void>;
  erase(): Promise<void>;
}

/** Keeps the key for this run only: used where no safe persistence exists. */
export class MemoryKeyVault implements KeyVault {
  readonly storage = 'memory' as const;
  private key: string | undefined;
  async load() {
    return this.key;
  }
  async save(key: string) {
    this.key = key;
  }
  async erase() {
    this.key = undefined;
  }
}

/** A key typed into Lumen wins over OPENAI_API_KEY; clearing it falls back to the variable. */
export function createSecretStore(vault: KeyVault, env: Environment): SecretStore {
  let cached: string | undefined;
  let loaded = false;
  const stored = async () => {
    if (!loaded) {
      cached = await vault.load();
      loaded = true;
    }
    return cached;
  };
  const envKey = () => env.OPENAI_API_KEY?.trim() || undefined;
  return {
    async getKey() {
      return (await stored()) ?? envKey();
    },
    async setKey(key) {
      await vault.save(key);
      cached = key;
      loaded = true;
    },
    async clearKey() {
      await vault.erase();
      cached = undefined;
      loaded = true;
    },
    async status() {
      const own = await stored();
      const source = own ? 'lumen' : envKey() ? 'environment' : 'none';
      return { keySet: source !== 'none', source, storage: vault.storage };
    }
  };
}
