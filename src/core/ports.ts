import type { KeyStatus, ShortcutReport } from '../shared/contract';
import type { Settings } from '../shared/settings';

/**
 * Where the API key lives, and where it may go. Implementations never hand the key to anything but
 * core. Every method takes the endpoint (base URL) about to be called or in use: a key is given only
 * for an endpoint it is bound to (see createSecretStore).
 */
export interface SecretStore {
  /** The key to send to `endpoint`, or undefined when none may go there. Only core's own clients call this. */
  getKey(endpoint: string): Promise<string | undefined>;
  /** Saves the key for `endpoint`'s origin (scheme, host and port): it is sent nowhere else. */
  setKey(key: string, endpoint: string): Promise<void>;
  clearKey(): Promise<void>;
  /** The key as `endpoint` sees it: whether one is sent, from where, and what is held back and why. */
  status(endpoint: string): Promise<KeyStatus>;
}

export interface SettingsStore {
  read(): Promise<unknown>;
  write(settings: Settings): Promise<void>;
}

/**
 * Small named records kept between runs (this month's spending, the encrypted history). A missing
 * record reads as undefined; `remove` of a missing one is not an error.
 */
export interface RecordStore {
  read(name: RecordName): Promise<unknown>;
  write(name: RecordName, value: unknown): Promise<void>;
  /**
   * Writes what `change` makes of the stored record (undefined when there is none, or it cannot be
   * read as JSON), with no other write in between, even from another process sharing the record;
   * resolves to what was written.
   */
  update<T>(name: RecordName, change: (stored: unknown) => T): Promise<T>;
  remove(name: RecordName): Promise<void>;
  /**
   * Moves a record to another name, replacing any record there, whether or not it can be read (a
   * record that cannot be read is set aside this way rather than written over); none: nothing happens.
   */
  rename(from: RecordName, to: RecordName): Promise<void>;
}
export type RecordName = 'spending' | 'history' | 'models' | 'setup' | 'feedback' | 'feedback-unreadable';

/** Keeps records for this run only (tests, and hosts that cannot write files). */
export class MemoryRecordStore implements RecordStore {
  private readonly records = new Map<RecordName, string>();
  async read(name: RecordName) {
    const text = this.records.get(name);
    return text === undefined ? undefined : JSON.parse(text);
  }
  async write(name: RecordName, value: unknown) {
    this.records.set(name, JSON.stringify(value));
  }
  async update<T>(name: RecordName, change: (stored: unknown) => T) {
    const text = this.records.get(name);
    const next = change(text === undefined ? undefined : JSON.parse(text));
    this.records.set(name, JSON.stringify(next));
    return next;
  }
  async remove(name: RecordName) {
    this.records.delete(name);
  }
  async rename(from: RecordName, to: RecordName) {
    const text = this.records.get(from);
    if (text === undefined) return;
    this.records.set(to, text);
    this.records.delete(from);
  }
}

/** What an update source reports as it checks the release feed and downloads. */
export interface UpdateListener {
  available(version: string, bytes?: number): void;
  progress(percent: number): void;
  downloaded(version: string): void;
  failed(message: string): void;
}

/** The desktop app's updater (electron-updater, src/main/updates.ts); absent everywhere else. */
export interface UpdateSource {
  /** Checks the feed now and then; never downloads by itself. */
  start(listener: UpdateListener): void;
  download(): Promise<void>;
  /** Quits and installs the update downloaded. */
  install(): void;
}

/** Global hotkeys exist only in the desktop host. */
export interface ShortcutPort {
  apply(shortcuts: Settings['shortcuts']): ShortcutReport;
  report(): ShortcutReport;
}

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface Environment {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export interface Screenshot {
  image: Uint8Array;
  width: number;
  height: number;
  /** The screen's or window's name, e.g. "Entire screen" or "Inbox - Mail". */
  name: string;
  /** Names this screen or window for a later capture of the same one (a watch follows its window). */
  sourceId?: string;
}

export interface Display {
  id: string;
  name: string;
  primary: boolean;
  width: number;
  height: number;
}

export interface CaptureOptions {
  /**
   * Turns the display's size into the size wanted; the capturer scales to it, which is far cheaper
   * than capturing full size and scaling afterwards. Without it: full resolution.
   */
  fit?: (width: number, height: number) => { width: number; height: number };
  /** Which display to capture; empty or unknown means the primary one. */
  displayId?: string;
  /** This window (a `sourceId` an earlier screenshot gave), not whichever is in front now. */
  sourceId?: string;
}

/** Screenshots taken by the host (Electron's desktopCapturer). */
export interface ScreenSource {
  capture(target: 'screen' | 'window', options?: CaptureOptions): Promise<Screenshot>;
  displays(): Display[];
  /**
   * The names of the windows open on the screen now (not Lumen's own), for the deny list: a picture
   * of the whole screen or a region of it names no window of its own. Absent where the host cannot
   * tell; then only a captured window's own name is checked.
   */
  visibleWindows?(): Promise<string[]>;
}
