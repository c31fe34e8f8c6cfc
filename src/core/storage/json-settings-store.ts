import { join } from 'node:path';
import type { Settings } from '../../shared/settings';
import type { SettingsStore } from '../ports';
import { readJsonFile, writeJsonFile } from './atomic-file';

/** Settings as a JSON file, replaced atomically. A missing file reads as "no settings yet". */
export class JsonSettingsStore implements SettingsStore {
  constructor(private readonly path: string) {}

  static inDir(dir: string) {
    return new JsonSettingsStore(join(dir, 'settings.json'));
  }

  async read(): Promise<unknown> {
    return readJsonFile(this.path);
  }

  async write(settings: Settings): Promise<void> {
    await writeJsonFile(this.path, settings, { mode: 0o600, pretty: true });
  }
}
