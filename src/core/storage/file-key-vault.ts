import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyVault } from '../secrets';
import { readTextFile, writeTextFile } from './atomic-file';

/**
 * The key in a file only its owner can read (0600), for hosts without an OS keychain bridge.
 * Replaced in one step, so a crash never leaves half a key behind.
 */
export class FileKeyVault implements KeyVault {
  readonly storage = 'file' as const;
  constructor(private readonly path: string) {}

  static inDir(dir: string) {
    return new FileKeyVault(join(dir, 'api-key'));
  }

  async load(): Promise<string | undefined> {
    return (await readTextFile(this.path))?.trim() || undefined;
  }

  async save(key: string): Promise<void> {
    await writeTextFile(this.path, key, { mode: 0o600 });
  }

  async erase(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
