import { readFile } from 'node:fs/promises';
import { createSecretStore } from '../core/secrets';
import { defaultDataDir } from '../core/storage/data-dir';
import { FileKeyVault } from '../core/storage/file-key-vault';
import { JsonSettingsStore } from '../core/storage/json-settings-store';
import { loadSettings, type Settings } from '../shared/settings';
import type { Environment, SecretStore } from '../core/ports';

export interface CliIo {
  /** A whole line. */
  out(line: string): void;
  /** Text as it arrives (streamed answers), no newline added. */
  write(text: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
  fetchImpl?: typeof fetch;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface CliContext {
  env: Environment;
  settings: Settings;
  secrets: SecretStore;
}

/** What every command reads: the same settings and saved key as the web host, and the environment. */
export async function loadCliContext(io: CliIo): Promise<CliContext> {
  const dataDir = defaultDataDir(io.env);
  const env = { OPENAI_API_KEY: io.env.OPENAI_API_KEY, OPENAI_BASE_URL: io.env.OPENAI_BASE_URL };
  const stored = await JsonSettingsStore.inDir(dataDir)
    .read()
    .catch(() => undefined);
  return { env, settings: loadSettings(stored).settings, secrets: createSecretStore(FileKeyVault.inDir(dataDir), env) };
}

/** The image file a command was given, or undefined after saying why it cannot be read. */
export async function readImageFile(path: string, io: CliIo): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    io.err(missing ? `Lumen cannot find ${path}.` : `Lumen cannot read ${path}.`);
    return undefined;
  }
}
