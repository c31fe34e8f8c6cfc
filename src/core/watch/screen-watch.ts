import type { WatchStatus } from '../../shared/contract';
import { lumaThumbnail } from '../imaging/luma';
import { ChangeDetector } from '../live/change-detector';
import { newLines, newTextRemark } from './new-text';
import { SCREEN_COMPARE_EDGE, SCREEN_DETECTOR } from './screen-difference';

/** What describing a change came to: a sentence, nothing new, or why nothing was sent or answered. */
export type Described =
  | { kind: 'said'; text: string; costUsd: number }
  | { kind: 'nothing'; costUsd: number }
  | { kind: 'held'; message: string }
  | { kind: 'failed'; message: string };

export interface ScreenWatchDeps {
  /** The area's text, line by line, read offline. */
  read(image: Uint8Array): Promise<string[]>;
  /** The changed picture described in one sentence, through the privacy shield and the deny list. */
  describe(image: Uint8Array, watch: ScreenWatch, lastSaid: string): Promise<Described>;
  /** A remark about the area: the offline text first, then its description. */
  remark(watch: ScreenWatch, text: string, part: 'text' | 'description'): string;
  /** A message about the watch itself (a problem), spoken and shown. */
  say(text: string): void;
}

export interface FrameOutcome {
  result: 'first' | 'same' | 'settling' | 'changed' | 'busy';
  /** What this frame made Lumen say, as said. */
  remarks: string[];
}

/** Said once a watch when a change brought no new words and nothing describes it. */
export const AREA_CHANGED = 'The watched area changed.';
const UNREADABLE = 'Lumen could not read the text of the watched area; it keeps watching.';

/**
 * One watched screen region or window: each frame is compared locally; when the area changed and
 * settled, its text is read offline and the new lines are said, then, if the user asked for it, the
 * picture is described in one sentence. A frame that comes while one is being read is dropped.
 */
export class ScreenWatch {
  private readonly detector = new ChangeDetector(SCREEN_DETECTOR);
  private lines: string[] = [];
  private busy = false;
  private frames = 0;
  private changes = 0;
  private pictures = 0;
  private costUsd = 0;
  private lastSaid = '';
  private changeSaid = false;
  /** A problem already said (unreadable text, a describe that failed), so it is not said at every change. */
  private readonly told = new Set<string>();
  private readonly ending = new AbortController();

  constructor(
    readonly id: string,
    readonly name: string,
    readonly area: 'region' | 'window',
    /** The watched window's name, for the deny list (empty for a region). */
    readonly windowName: string,
    public describeChanges: boolean,
    private readonly deps: ScreenWatchDeps
  ) {}

  /** Aborted when the watch stops: a description on its way is dropped. */
  get signal(): AbortSignal {
    return this.ending.signal;
  }

  stop(): void {
    this.ending.abort();
  }

  status(): WatchStatus {
    const { id, name, area, describeChanges, frames, changes, pictures, costUsd } = this;
    return { id, name, area, describeChanges, frames, changes, pictures, costUsd };
  }

  /** One frame of the area, taken at `at` milliseconds. */
  async frame(image: Uint8Array, at: number): Promise<FrameOutcome> {
    if (this.busy) return { result: 'busy', remarks: [] };
    this.busy = true;
    try {
      this.frames++;
      const decision = this.detector.look(await lumaThumbnail(image, { maxEdge: SCREEN_COMPARE_EDGE }), at);
      if (decision.kind === 'first') this.lines = (await this.read(image)) ?? [];
      if (decision.kind !== 'changed') {
        // The guard is off for screens: no frame is unusable.
        return { result: decision.kind === 'unusable' ? 'same' : decision.kind, remarks: [] };
      }
      this.changes++;
      return { result: 'changed', remarks: await this.changed(image) };
    } finally {
      this.busy = false;
    }
  }

  private async changed(image: Uint8Array): Promise<string[]> {
    const remarks: string[] = [];
    const lines = await this.read(image);
    if (lines) {
      const fresh = newLines(this.lines, lines);
      this.lines = lines;
      if (fresh.length) remarks.push(this.deps.remark(this, newTextRemark(fresh), 'text'));
    }
    if (this.describeChanges) {
      const described = await this.deps.describe(image, this, this.lastSaid);
      if (described.kind === 'held' || described.kind === 'failed') {
        this.tellOnce(described.message);
        return remarks;
      }
      this.told.clear();
      this.pictures++;
      this.costUsd += described.costUsd;
      if (described.kind === 'said') {
        this.lastSaid = described.text;
        remarks.push(this.deps.remark(this, described.text, 'description'));
      }
    } else if (!remarks.length && !this.changeSaid) {
      this.changeSaid = true;
      remarks.push(this.deps.remark(this, AREA_CHANGED, 'text'));
    }
    return remarks;
  }

  /** The area's lines, or undefined (said once) when the reader failed. */
  private async read(image: Uint8Array): Promise<string[] | undefined> {
    try {
      return await this.deps.read(image);
    } catch {
      this.tellOnce(UNREADABLE);
      return undefined;
    }
  }

  private tellOnce(message: string): void {
    if (this.told.has(message)) return;
    this.told.add(message);
    this.deps.say(message);
  }
}
