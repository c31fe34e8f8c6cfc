import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withFileLock } from './file-lock';

/** Lumen's folder holds keys, spending and the history: only its owner may look inside. */
const OWNER_ONLY_DIR = 0o700;

export interface WriteOptions {
  /** The file's permissions, e.g. 0o600 for its owner only. */
  mode: number;
}

/** The file's text, or undefined when there is no such file. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces the file in one step: the text goes to a temporary file beside it, which is then renamed
 * over it, so a reader (or a crash) sees the old file or the new one, never half of one.
 */
export async function writeTextFile(path: string, text: string, { mode }: WriteOptions) {
  await mkdir(dirname(path), { recursive: true, mode: OWNER_ONLY_DIR });
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    await writeFile(temporary, text, { mode });
    // The mode given to writeFile is narrowed by the umask; the file must have exactly this one.
    await chmod(temporary, mode);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The file's JSON, or undefined when there is no such file. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = await readTextFile(path);
  return text === undefined ? undefined : JSON.parse(text);
}

export interface JsonWriteOptions extends WriteOptions {
  /** Indented, one key a line, for files people may open. */
  pretty?: boolean;
}

/** Writes `value` as JSON, replacing the file in one step (see writeTextFile). */
export async function writeJsonFile(path: string, value: unknown, { pretty = false, ...options }: JsonWriteOptions) {
  const text = pretty ? `${JSON.stringify(value, null, 2)}\n` : JSON.stringify(value);
  await writeTextFile(path, text, options);
}

/**
 * Reads the file's JSON, changes it and writes the result, with no other process writing in
 * between: processes that update the same file take turns. `change` gets undefined when there is no
 * file, or when it is not JSON (edited by hand, say), which it then replaces.
 */
export async function updateJsonFile<T>(
  path: string,
  change: (stored: unknown) => T,
  options: JsonWriteOptions
): Promise<T> {
  await mkdir(dirname(path), { recursive: true, mode: OWNER_ONLY_DIR });
  return withFileLock(`${path}.lock`, async () => {
    const next = change(await readJsonFile(path).catch(notJsonAsNothing));
    await writeJsonFile(path, next, options);
    return next;
  });
}

function notJsonAsNothing(error: unknown): undefined {
  if (error instanceof SyntaxError) return undefined;
  throw error;
}
