import type { SystemAway } from './live/away';
import type { StatusMessage, TextUtterance } from '../shared/contract';
import type { Assistant } from './assistant/assistant';
import type { CoreListener } from './core-events';
import type { LiveCamera } from './live/live-camera';
import type {
  Environment,
  Logger,
  RecordStore,
  ScreenSource,
  SecretStore,
  SettingsStore,
  ShortcutPort,
  UpdateSource
} from './ports';
import type { Router } from './router';
import type { KeyVault } from './secrets';
import type { SettingsService } from './settings/settings-service';
import type { SpeechService } from './speech/speech-service';
import type { WarmedStep } from './warm-up';

export interface CoreDeps {
  host: 'electron' | 'web' | 'cli';
  version: string;
  platform: string;
  secrets: SecretStore;
  settingsStore: SettingsStore;
  env: Environment;
  /** Absent where global hotkeys do not exist (web host, CLI). */
  shortcuts?: ShortcutPort;
  logger?: Logger;
  fetchImpl?: typeof fetch;
  routerTimeoutMs?: number;
  /** Screenshots taken by the host itself (Electron); absent where the page captures. */
  screen?: ScreenSource;
  /** Where this month's spending and the optional history are kept; default: memory, for this run. */
  records?: RecordStore;
  /** Holds the history's encryption key apart from it (the OS keychain where there is one). */
  historyKeys?: KeyVault;
  /** The command line's speech: each sentence Lumen would say, written out instead. */
  write?: (utterance: TextUtterance) => void;
  /** The clock live description times scenes with; tests pass their own. */
  now?: () => number;
  /** The packaged desktop app's updater; absent in development, the web host and the command line. */
  updates?: UpdateSource;
}

export interface Core {
  router: Router;
  settings: SettingsService;
  speech: SpeechService;
  assistant: Assistant;
  /** Live description of the camera (the command line plays a video file through it). */
  live: LiveCamera;
  /** Things the user must hear about that happened before any window could listen. */
  startupNotices: StatusMessage[];
  /** Hosts subscribe to forward core's events to their renderers. */
  subscribe(listener: CoreListener): () => void;
  announce(message: StatusMessage): void;
  endpoint(): string;
  /** Readies the offline voice off the calling thread, so the first words without a key come quickly. */
  prepareOfflineVoice(): Promise<void>;
  /** The host saw the screen locked or the computer going to sleep: live description and watches stop. */
  away(why: SystemAway): void;
  /**
   * Readies what the first describe needs, in turn: the text-reading workers with the reading
   * language, the picture code, the offline voice, the connection (see warm-up.ts). Hosts with a window
   * call it once the window is up; the command line's core does not warm. The same promise for every call.
   */
  warmUp(): Promise<WarmedStep[]>;
  /** What the offline engines' worker threads have done (for tests and diagnostics). */
  workerStats(): {
    textReading: { poolSize: number; workersStarted: number; practised: number; reads: number };
    offlineVoice: { workersStarted: number };
  };
  /** Ends the worker threads and writes what is pending (a command line's core, at its end). */
  close(): Promise<void>;
}
