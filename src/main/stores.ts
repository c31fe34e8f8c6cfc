import { safeStorage } from 'electron';
import Store from 'electron-store';
import type { KeyVault } from '../core/secrets';
import { MemoryKeyVault } from '../core/secrets';
import type { RecordName, RecordStore, SettingsStore } from '../core/ports';
import type { Settings } from '../shared/settings';

interface Persisted {
  settings?: unknown;
  /** The API key encrypted by the OS keychain (safeStorage), base64. Never the key itself. */
  encryptedKey?: string;
  /** The history's own key, sealed the same way. */
  encryptedHistoryKey?: string;
  /** This month's spending; the history (already encrypted by core). */
  records?: Partial<Record<RecordName, unknown>>;
}

type SealedField = 'encryptedKey' | 'encryptedHistoryKey';

/** The settings file, readable by this account only (it holds the sealed keys and the history). */
export function openStore(): Store<Persisted> {
  return new Store<Persisted>({ name: 'lumen', configFileMode: 0o600 });
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

export class ElectronRecordStore implements RecordStore {
  constructor(private readonly store: Store<Persisted>) {}
  async read(name: RecordName) {
    return this.store.get('records')?.[name];
  }
  async write(name: RecordName, value: unknown) {
    this.store.set('records', { ...this.store.get('records'), [name]: value });
  }
  /** Reading and writing electron-store are synchronous, and only this one app writes its file. */
  async update<T>(name: RecordName, change: (stored: unknown) => T) {
    const next = change(this.store.get('records')?.[name]);
    await this.write(name, next);
    return next;
  }
  async remove(name: RecordName) {
    const { [name]: _gone, ...rest } = this.store.get('records') ?? {};
    this.store.set('records', rest);
  }
  async rename(from: RecordName, to: RecordName) {
    const { [from]: moved, ...rest } = this.store.get('records') ?? {};
    if (moved !== undefined) this.store.set('records', { ...rest, [to]: moved });
  }
}

/** A key sealed by the OS keychain (safeStorage) in electron-store. */
export class SafeStorageKeyVault implements KeyVault {
  readonly storage = 'encrypted' as const;
  constructor(
    private readonly store: Store<Persisted>,
    private readonly field: SealedField = 'encryptedKey'
  ) {}
  async load() {
    const sealed = this.store.get(this.field);
    if (!sealed) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      // Keychain changed or entry corrupt: treat as "no key" rather than failing start-up.
      return undefined;
    }
  }
  async save(key: string) {
    this.store.set(this.field, safeStorage.encryptString(key).toString('base64'));
  }
  async erase() {
    this.store.delete(this.field);
  }
}

/**
 * Whether safeStorage really encrypts. On Linux without a keyring it falls back to `basic_text`,
 * which only obscures the text with a key anyone can look up: as good as writing it in clear.
 */
export function keychainEncrypts(platform: string = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/**
 * Without OS encryption (e.g. Linux with no keyring), the key is never written in clear: it stays
 * in memory for this run and the user is told.
 */
export function chooseKeyVault(
  store: Store<Persisted>,
  platform: string = process.platform
): { vault: KeyVault; historyKeys: KeyVault; notice?: string } {
  if (keychainEncrypts(platform)) {
    return {
      vault: new SafeStorageKeyVault(store),
      historyKeys: new SafeStorageKeyVault(store, 'encryptedHistoryKey')
    };
  }
  return {
    vault: new MemoryKeyVault(),
    // Without a keychain the history's key lives for this run only, so a kept history lasts until Lumen closes.
    historyKeys: new MemoryKeyVault(),
    notice:
      'This computer offers no secure key storage, so an API key you enter is kept only until Lumen closes. You can set OPENAI_API_KEY instead.'
  };
}
