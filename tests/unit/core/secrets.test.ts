import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretStore, MemoryKeyVault } from '../../../src/core/secrets';
import { FileKeyVault } from '../../../src/core/storage/file-key-vault';
import { JsonSettingsStore } from '../../../src/core/storage/json-settings-store';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

describe('secret store', () => {
  it('prefers a key typed into Lumen over OPENAI_API_KEY, and falls back when it is cleared', async () => {
    const store = createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: 'sk-from-env-000000' });
    expect(await store.status()).toEqual({ keySet: true, source: 'environment', storage: 'memory' });
    await store.setKey('sk-typed-in-111111');
    expect(await store.getKey()).toBe('sk-typed-in-111111');
    expect(await store.status()).toMatchObject({ source: 'lumen' });
    await store.clearKey();
    expect(await store.getKey()).toBe('sk-from-env-000000');
  });

  it('reports no key when there is none', async () => {
    const store = createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: '  ' });
    expect(await store.status()).toEqual({ keySet: false, source: 'none', storage: 'memory' });
    expect(await store.getKey()).toBeUndefined();
  });

  it('keeps the key file readable by its owner only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-key-'));
    const vault = FileKeyVault.inDir(join(dir, 'nested'));
    await vault.save('sk-file-secret-2222');
    const info = await stat(join(dir, 'nested', 'api-key'));
    expect(info.mode & 0o777).toBe(0o600);
    expect(await FileKeyVault.inDir(join(dir, 'nested')).load()).toBe('sk-file-secret-2222');
    await vault.erase();
    expect(await vault.load()).toBeUndefined();
  });

  it('round-trips settings through a JSON file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-settings-'));
    const store = JsonSettingsStore.inDir(dir);
    expect(await store.read()).toBeUndefined();
    await store.write({ ...DEFAULT_SETTINGS, endpoint: 'http://127.0.0.1:5/v1' });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).endpoint).toBe('http://127.0.0.1:5/v1');
    expect(await store.read()).toMatchObject({ endpoint: 'http://127.0.0.1:5/v1' });
  });
});
