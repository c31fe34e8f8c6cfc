import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { KeyVault } from '../core/secrets';
import { MemoryKeyVault } from '../core/secrets';
import type { SettingsStore } from '../core/ports';
import type { Settings } from '../shared/settings';

interface Persisted {
  settings?: unknown;
  /** The API key encrypted by the OS keychain (safeStorage), base64. Never the key itself. */
  encryptedKey?: string;
}

export function openStore(): Store<Persisted> {
  return new Store<Persisted>({ name: 'lumen' });
}

export class ElectronSettingsStore implements SettingsStore {
  constructor(private readonly store: Store<Persisted>) {}
  async read() {
    return this.store.get('settings');
  }
  async write(settings: Settings) {
    this.store.set('settings', settings);
  }
}

/** safeStorage-encrypted key in electron-store. */
export class SafeStorageKeyVault implements KeyVault {
  readonly storage = 'encrypted' as const;
  constructor(private readonly store: Store<Persisted>) {}
  async load() {
    const sealed = this.store.get('encryptedKey');
    if (!sealed) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      // Keychain changed or entry corrupt: treat as "no key" rather than failing start-up.
      return undefined;
    }
  }
  async save(key: string) {
    this.store.set('encryptedKey', safeStorage.encryptString(key).toString('base64'));
  }
  async erase() {
    this.store.delete('encryptedKey');
  }
}

/**
 * Without OS encryption (e.g. Linux with no keyring), the key is never written in clear: it stays
 * in memory for this run and the user is told.
 */
export function chooseKeyVault(store: Store<Persisted>): { vault: KeyVault; notice?: string } {
  if (safeStorage.isEncryptionAvailable()) return { vault: new SafeStorageKeyVault(store) };
  return {
    vault: new MemoryKeyVault(),
    notice:
      'This computer offers no secure key storage, so an API key you enter is kept only until Lumen closes. You can set OPENAI_API_KEY instead.'
  };
}
