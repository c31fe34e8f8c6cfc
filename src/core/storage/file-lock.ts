import { open, rm, stat } from 'node:fs/promises';

/** A lock older than this was left by a process that died holding it: the work it guards takes milliseconds. */
const STALE_MS = 10_000;
const RETRY_MS = 5;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` while holding `lockPath`, a file only one process can create at a time, so processes
 * sharing a file (the web host and the command line) take turns to change it.
 */
export async function withFileLock<T>(lockPath: string, work: () => Promise<T>): Promise<T> {
  await acquire(lockPath);
  try {
    return await work();
  } finally {
    await rm(lockPath, { force: true });
  }
}

async function acquire(lockPath: string): Promise<void> {
  for (;;) {
    try {
      await (await open(lockPath, 'wx', 0o600)).close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(lockPath)) await rm(lockPath, { force: true });
    // A random wait, so waiting processes do not all try again at the same moment.
    else await delay(RETRY_MS * (1 + Math.random()));
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > STALE_MS;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
