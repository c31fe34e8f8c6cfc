import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecordName, RecordStore } from '../ports';

/** Each record is a JSON file in the data folder, readable by its owner only and replaced atomically. */
export class JsonRecordStore implements RecordStore {
  constructor(private readonly dir: string) {}

  private path(name: RecordName) {
    return join(this.dir, `${name}.json`);
  }

  async read(name: RecordName): Promise<unknown> {
    let text: string;
    try {
      text = await readFile(this.path(name), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return JSON.parse(text);
  }

  async write(name: RecordName, value: unknown): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = `${this.path(name)}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
    await rename(tmp, this.path(name));
  }

  async remove(name: RecordName): Promise<void> {
    await rm(this.path(name), { force: true });
  }
}
