import { chmod, mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { KeyVault } from '../secrets';

/**
 * The key in a file only its owner can read (0600), for hosts without an OS keychain bridge.
 * Written to a temporary name first so a crash never leaves half a key behind.
 */
export class FileKeyVault implements KeyVault {
  readonly storage = 'file' as const;
  constructor(private readonly path: string) {}

  static inDir(dir: string) {
    return new FileKeyVault(join(dir, 'api-key'));
  }

  async load(): Promise<string | undefined> {
    try {
      const text = (await readFile(this.path, 'utf8')).trim();
      return text || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async save(key: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, key, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.path);
  }

  async erase(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
