import { readFile } from 'node:fs/promises';
import { createCore, type Core } from '../core/app';
import { LUMEN_VERSION } from '../core/version';
import { withInsist } from './cloud';
import type { SpeechState, StatusMessage, TextUtterance } from '../shared/contract';
import { ImageError } from '../core/imaging/errors';
import { OcrError } from '../core/ocr/errors';
import { LumenError } from '../shared/errors';
import { createSecretStore } from '../core/secrets';
import { defaultDataDir } from '../core/storage/data-dir';
import { FileKeyVault } from '../core/storage/file-key-vault';
import { JsonRecordStore } from '../core/storage/json-record-store';
import { JsonSettingsStore } from '../core/storage/json-settings-store';
import { OfflineSpeech } from '../core/speech/offline/offline-speech';
import { loadSettings, type Settings } from '../shared/settings';
import type { Environment, RecordStore, SecretStore, SettingsStore } from '../core/ports';

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
  /** This month's spending and what was learned about models, shared with the app. */
  records: RecordStore;
  /** The app's settings file: a retired model's successor is written back, as the app does. */
  settingsStore: SettingsStore;
}

/** What every command reads: the same settings and saved key as the web host, and the environment. */
export async function loadCliContext(io: CliIo): Promise<CliContext> {
  const dataDir = defaultDataDir(io.env);
  const env = { OPENAI_API_KEY: io.env.OPENAI_API_KEY, OPENAI_BASE_URL: io.env.OPENAI_BASE_URL };
  const settingsStore = JsonSettingsStore.inDir(dataDir);
  const stored = await settingsStore.read().catch(() => undefined);
  return {
    env,
    settings: loadSettings(stored).settings,
    secrets: createSecretStore(FileKeyVault.inDir(dataDir), env),
    records: new JsonRecordStore(dataDir),
    settingsStore
  };
}

/**
 * The app's core, on the command line: the same settings, key, spending and history as the app, and
 * the same road for every request (shield, limit, models, fallback). What the app would say is
 * passed to `write`; its status lines to `err`. Close it when the command is done.
 */
export async function cliCore(
  context: CliContext,
  io: CliIo,
  write: (utterance: TextUtterance) => void,
  /** The clock core keeps time by (a folder of frames has its own). */
  { now }: { now?: () => number } = {}
): Promise<Core> {
  const core = await createCore({
    now,
    host: 'cli',
    version: LUMEN_VERSION,
    platform: process.platform,
    secrets: context.secrets,
    settingsStore: context.settingsStore,
    env: context.env,
    records: context.records,
    fetchImpl: io.fetchImpl,
    write
  });
  core.subscribe((channel, payload) => {
    // The app says "ask again"; here that is the --insist flag.
    if (channel === 'status') io.err(withInsist((payload as StatusMessage).text));
  });
  return core;
}

/** Resolves when Lumen has nothing more to say. */
export function untilQuiet(core: Core): Promise<void> {
  const quiet = (state: SpeechState) => !state.speaking && state.queued === 0;
  if (quiet(core.speech.state())) return Promise.resolve();
  return new Promise((resolve) => {
    const off = core.subscribe((channel, payload) => {
      if (channel === 'speech.state' && quiet(payload as SpeechState)) {
        off();
        resolve();
      }
    });
  });
}

/** Runs `use` with an offline voice engine of its own (a command is a process), ended after it. */
export async function withOfflineSpeech<T>(use: (speech: OfflineSpeech) => Promise<T>): Promise<T> {
  const speech = new OfflineSpeech();
  try {
    return await use(speech);
  } finally {
    await speech.close();
  }
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

/** Says a failure the user can act on (a bad image, the text reader, a picture held back) and exits; rethrows the rest. */
export function expectedFailure(error: unknown, io: CliIo): number {
  if (error instanceof ImageError || error instanceof OcrError || error instanceof LumenError) {
    io.err(error.message);
    return EXIT.failed;
  }
  throw error;
}
