import { chmod, mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import {
  readJsonFile,
  readTextFile,
  updateJsonFile,
  writeJsonFile,
  writeTextFile
} from '../../../../src/core/storage/atomic-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-atomic-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe('atomic files', () => {
  it('reads a missing file, even in a missing folder, as undefined', async () => {
    expect(await readTextFile(join(dir, 'none.txt'))).toBeUndefined();
    expect(await readJsonFile(join(dir, 'missing', 'none.json'))).toBeUndefined();
  });

  it('round-trips JSON, compact or indented for people, creating the folder for its owner only', async () => {
    const compact = join(dir, 'nested', 'record.json');
    const pretty = join(dir, 'nested', 'settings.json');
    await writeJsonFile(compact, { a: [1, 2] }, { mode: 0o600 });
    await writeJsonFile(pretty, { a: 1 }, { mode: 0o600, pretty: true });
    expect(await readJsonFile(compact)).toEqual({ a: [1, 2] });
    expect(await readTextFile(compact)).toBe('{"a":[1,2]}');
    expect(await readTextFile(pretty)).toBe('{\n  "a": 1\n}\n');
    expect(await modeOf(join(dir, 'nested'))).toBe(0o700);
  });

  it('gives the file exactly the mode asked for, whatever the old file had', async () => {
    const path = join(dir, 'key');
    await writeFile(path, 'old');
    await chmod(path, 0o666);
    await writeTextFile(path, 'new', { mode: 0o600 });
    expect(await modeOf(path)).toBe(0o600);
    await writeTextFile(path, 'shared', { mode: 0o644 });
    expect(await modeOf(path)).toBe(0o644);
    expect(await readTextFile(path)).toBe('shared');
  });

  it('never lets a reader see half a file while it is replaced', async () => {
    const path = join(dir, 'big.json');
    // Large enough that writing one takes many write calls.
    const values = ['a', 'b'].map((letter) => ({ text: letter.repeat(4 * 2 ** 20) }));
    await writeJsonFile(path, values[0], { mode: 0o600 });
    let writing = true;
    const writer = (async () => {
      for (let i = 1; i <= 20; i++) await writeJsonFile(path, values[i % 2], { mode: 0o600 });
      writing = false;
    })();
    const seen = new Set<string>();
    while (writing) {
      const value = (await readJsonFile(path)) as { text: string };
      seen.add(value.text[0]!);
      expect(value.text.length).toBe(4 * 2 ** 20);
    }
    await writer;
    expect(seen.size).toBe(2); // the reads really overlapped the replacements
    expect(await readdir(dir)).toEqual(['big.json']);
  });

  it('leaves no temporary file behind when the write fails', async () => {
    const path = join(dir, 'taken');
    await mkdir(path);
    await expect(writeTextFile(path, 'text', { mode: 0o600 })).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('updating a JSON file', () => {
  const increment = (stored: unknown) => ({ count: ((stored as { count?: number } | undefined)?.count ?? 0) + 1 });

  it('loses no change when many updates run at once', async () => {
    const path = join(dir, 'counter.json');
    const results = await Promise.all(
      Array.from({ length: 50 }, () => updateJsonFile(path, increment, { mode: 0o600 }))
    );
    expect(await readJsonFile(path)).toEqual({ count: 50 });
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await modeOf(path)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['counter.json']);
  });

  it('replaces a file that is not JSON', async () => {
    const path = join(dir, 'counter.json');
    await writeFile(path, '{"count": 4');
    await updateJsonFile(path, increment, { mode: 0o600 });
    expect(await readJsonFile(path)).toEqual({ count: 1 });
  });

  it('takes over a lock left by a process that died holding it', async () => {
    const path = join(dir, 'counter.json');
    await writeFile(`${path}.lock`, '');
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, longAgo, longAgo);
    await updateJsonFile(path, increment, { mode: 0o600 });
    expect(await readJsonFile(path)).toEqual({ count: 1 });
    expect(await readdir(dir)).toEqual(['counter.json']);
  });
});
