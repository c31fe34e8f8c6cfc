import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Settings } from '../../shared/settings';
import type { SettingsStore } from '../ports';

/** Settings as a JSON file, replaced atomically. A missing file reads as "no settings yet". */
export class JsonSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  static inDir(dir: string) {
    return new JsonSettingsStore(join(dir, 'settings.json'));
  }

  async read(): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return JSON.parse(text);
  }

  async write(settings: Settings): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, this.path);
  }
}
