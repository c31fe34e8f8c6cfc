import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretStore, MemoryKeyVault } from '../../../src/core/secrets';
import { FileKeyVault } from '../../../src/core/storage/file-key-vault';
import { JsonSettingsStore } from '../../../src/core/storage/json-settings-store';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';

const OPENAI = 'https://api.openai.com/v1';
const LOCAL = 'http://127.0.0.1:8080/v1';

describe('secret store', () => {
  it('prefers a key typed into Lumen over OPENAI_API_KEY, and falls back when it is cleared', async () => {
    const store = createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: 'sk-from-env-000000' });
    expect(await store.status(OPENAI)).toEqual({
      keySet: true,
      source: 'environment',
      storage: 'memory',
      endpoint: 'api.openai.com',
      forEndpoint: true
    });
    await store.setKey('sk-typed-in-111111', OPENAI);
    expect(await store.getKey(OPENAI)).toBe('sk-typed-in-111111');
    expect(await store.status(OPENAI)).toMatchObject({ source: 'lumen', boundTo: 'api.openai.com', forEndpoint: true });
    await store.clearKey();
    expect(await store.getKey(OPENAI)).toBe('sk-from-env-000000');
  });

  it('reports no key when there is none', async () => {
    const store = createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: '  ' });
    expect(await store.status(OPENAI)).toEqual({
      keySet: false,
      source: 'none',
      storage: 'memory',
      endpoint: 'api.openai.com',
      forEndpoint: true
    });
    expect(await store.getKey(OPENAI)).toBeUndefined();
  });

  it('gives a saved key only to the origin it was entered for, and says so', async () => {
    const store = createSecretStore(new MemoryKeyVault(), {});
    await store.setKey('sk-typed-in-111111', OPENAI);
    // The same origin, whatever the path.
    expect(await store.getKey('https://api.openai.com/v2/')).toBe('sk-typed-in-111111');
    for (const elsewhere of [
      LOCAL,
      'http://localhost/v1',
      'https://api.openai.com.evil.test/v1',
      'https://api.openai.com:8443/v1',
      'https://example.com/v1'
    ]) {
      expect(await store.getKey(elsewhere)).toBeUndefined();
    }
    expect(await store.status(LOCAL)).toEqual({
      keySet: false,
      source: 'none',
      storage: 'memory',
      endpoint: '127.0.0.1 port 8080',
      boundTo: 'api.openai.com',
      forEndpoint: false,
      withheld:
        'The saved key was entered for api.openai.com, so it is not sent to 127.0.0.1 port 8080. Enter the key for that endpoint in Settings.'
    });
    // Entered again for the new endpoint: bound to it, and no longer sent to the old one.
    await store.setKey('sk-local-222222', LOCAL);
    expect(await store.getKey(LOCAL)).toBe('sk-local-222222');
    expect(await store.getKey(OPENAI)).toBeUndefined();
    // A scheme of its own is another origin: both are said in full.
    expect((await store.status('https://127.0.0.1:8080/v1')).withheld).toBe(
      'The saved key was entered for http://127.0.0.1:8080, so it is not sent to https://127.0.0.1:8080. Enter the key for that endpoint in Settings.'
    );
  });

  it('sends OPENAI_API_KEY only to OpenAI and to the origin OPENAI_BASE_URL names', async () => {
    const onlyOpenAI = createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: 'sk-from-env-000000' });
    expect(await onlyOpenAI.getKey(OPENAI)).toBe('sk-from-env-000000');
    expect(await onlyOpenAI.getKey(LOCAL)).toBeUndefined();
    expect(await onlyOpenAI.status(LOCAL)).toMatchObject({
      keySet: false,
      forEndpoint: false,
      withheld:
        'The key in OPENAI_API_KEY is sent only to api.openai.com, so it is not sent to 127.0.0.1 port 8080. Enter the key for that endpoint in Settings.'
    });
    const env = { OPENAI_API_KEY: 'sk-from-env-000000', OPENAI_BASE_URL: 'http://127.0.0.1:9000/v1' };
    const withBase = createSecretStore(new MemoryKeyVault(), env);
    expect(await withBase.getKey('http://127.0.0.1:9000/v1/')).toBe('sk-from-env-000000');
    expect(await withBase.getKey(OPENAI)).toBe('sk-from-env-000000');
    expect(await withBase.getKey(LOCAL)).toBeUndefined();
    expect((await withBase.status(LOCAL)).withheld).toContain(
      'sent only to api.openai.com and 127.0.0.1 port 9000 (OPENAI_BASE_URL)'
    );
    // A saved key for another endpoint does not stop the variable where it may go.
    await withBase.setKey('sk-typed-in-111111', OPENAI);
    expect(await withBase.getKey('http://127.0.0.1:9000/v1')).toBe('sk-from-env-000000');
    expect(await withBase.status('http://127.0.0.1:9000/v1')).toMatchObject({
      keySet: true,
      source: 'environment',
      forEndpoint: false,
      withheld:
        'The saved key was entered for api.openai.com, so it is not sent to 127.0.0.1 port 9000; the key in OPENAI_API_KEY is used there instead.'
    });
    // An unsafe OPENAI_BASE_URL earns the variable nothing.
    const unsafe = createSecretStore(new MemoryKeyVault(), {
      OPENAI_API_KEY: 'sk-from-env-000000',
      OPENAI_BASE_URL: 'http://example.com/v1'
    });
    expect(await unsafe.getKey('http://example.com/v1')).toBeUndefined();
    expect((await unsafe.status('http://example.com/v1')).withheld).toMatch(
      /^Lumen sends no key to http:\/\/example\.com\/v1: an http:\/\/ endpoint must be on this computer/
    );
  });

  it('never keeps or gives a key for an http:// endpoint off this computer', async () => {
    const store = createSecretStore(new MemoryKeyVault(), {});
    await expect(store.setKey('sk-typed-in-111111', 'http://example.com/v1')).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('needs https://')
    });
    for (const loopback of [
      'http://127.0.0.1:1/v1',
      'http://127.8.9.10:1/v1',
      'http://[::1]:1/v1',
      'http://localhost:1/v1'
    ]) {
      await store.setKey('sk-typed-in-111111', loopback);
      expect(await store.getKey(loopback)).toBe('sk-typed-in-111111');
    }
  });

  it('binds a bare key kept by an earlier version to the endpoint in use when it is first read', async () => {
    const vault = new MemoryKeyVault();
    await vault.save('sk-old-bare-333333');
    const store = createSecretStore(vault, {});
    expect(await store.status(LOCAL)).toMatchObject({ keySet: true, source: 'lumen', boundTo: '127.0.0.1 port 8080' });
    expect(JSON.parse((await vault.load())!)).toEqual({ key: 'sk-old-bare-333333', origin: 'http://127.0.0.1:8080' });
    expect(await store.getKey(OPENAI)).toBeUndefined();
    // The next run reads it bound.
    const next = createSecretStore(vault, {});
    expect(await next.getKey(OPENAI)).toBeUndefined();
    expect(await next.getKey(LOCAL)).toBe('sk-old-bare-333333');
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
