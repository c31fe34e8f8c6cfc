import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordName, RecordStore } from '../ports';
import { readJsonFile, updateJsonFile, writeJsonFile } from './atomic-file';

/** Each record is a JSON file in the data folder, readable by its owner only and replaced atomically. */
export class JsonRecordStore implements RecordStore {
  constructor(private readonly dir: string) {}

  private path(name: RecordName) {
    return join(this.dir, `${name}.json`);
  }

  async read(name: RecordName): Promise<unknown> {
    return readJsonFile(this.path(name));
  }

  async write(name: RecordName, value: unknown): Promise<void> {
    await writeJsonFile(this.path(name), value, { mode: 0o600 });
  }

  async update<T>(name: RecordName, change: (stored: unknown) => T): Promise<T> {
    return updateJsonFile(this.path(name), change, { mode: 0o600 });
  }

  async remove(name: RecordName): Promise<void> {
    await rm(this.path(name), { force: true });
  }

  async rename(from: RecordName, to: RecordName): Promise<void> {
    try {
      await rename(this.path(from), this.path(to));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
