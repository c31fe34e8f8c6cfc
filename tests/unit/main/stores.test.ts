import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './electron-stand-in';

// The real electron-store (inlined by the test config, so it sees the stand-in as `electron`).
vi.mock('electron', () => import('./electron-stand-in'));

const { ElectronRecordStore, openStore } = await import('../../../src/main/stores');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lumen-store-'));
  electron.app.paths.userData = dir;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (file: string) => statSync(file).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the settings file', () => {
  it('is readable and writable by its owner only', () => {
    const store = openStore();
    store.set('settings', { speech: { rate: 1 } });
    expect(store.path).toBe(join(dir, 'lumen.json'));
    expect(mode(store.path)).toBe(0o600);
  });

  it('is narrowed to its owner when an older Lumen left it readable by others', () => {
    const file = join(dir, 'lumen.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o644);
    openStore().set('encryptedKey', 'c2VhbGVk');
    expect(mode(file)).toBe(0o600);
  });
});

describe('records in the settings file', () => {
  it('updates a record from what is stored, keeping the others', async () => {
    const records = new ElectronRecordStore(openStore());
    const addUsd = (usd: number) => (stored: unknown) => ({ usd: ((stored as { usd?: number })?.usd ?? 0) + usd });
    await records.write('models', { retired: {} });
    expect(await records.update('spending', addUsd(1))).toEqual({ usd: 1 });
    expect(await records.update('spending', addUsd(2))).toEqual({ usd: 3 });
    expect(openStore().get('records')).toEqual({ models: { retired: {} }, spending: { usd: 3 } });
  });

  it('sets a record aside under another name, replacing what was there; a missing one moves nothing', async () => {
    const records = new ElectronRecordStore(openStore());
    await records.write('feedback-unreadable', 'older');
    await records.write('feedback', { entries: 'cut off' });
    await records.rename('feedback', 'feedback-unreadable');
    expect(openStore().get('records')).toEqual({ 'feedback-unreadable': { entries: 'cut off' } });
    await records.rename('feedback', 'feedback-unreadable');
    expect(openStore().get('records')).toEqual({ 'feedback-unreadable': { entries: 'cut off' } });
  });
});
