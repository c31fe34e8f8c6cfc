import { GUIDE_CUE_WORDS, type DocumentStatus, type GuideCue } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import type { FramingCues } from '../../shared/settings';
import { moved, type FrameLook } from './frame-look';
import type { FoundPage } from './page-finder';

/*
 * Reading with the camera: each frame is looked at here, and one short cue says what to change until
 * the page is whole and near the middle; then, once it has held still, the sharpest of the still
 * frames is taken and read. Time comes from the clock given, so the pace of cues can be proven.
 */

export const STARTED = 'Reading with the camera. Hold the page in front of the camera; Lumen tells you how to move it.';
export const TAKEN_WHOLE = 'All four edges visible, reading.';
/** Taken by the extent of its text: the page's edges are not all in view. */
export const TAKEN_BY_TEXT = 'The text is in view, reading.';
export const NO_PAGE = 'No page was found for 30 seconds, so reading with the camera stops.';
export const STOPPED = 'Reading with the camera stopped.';

/** Cues are said at most this often: a new cue waits, and one unchanged is said again after this. */
export const CUE_GAP_MS = 1500;
/** With no page in view this long, guiding stops. */
export const NO_PAGE_MS = 30_000;
/** A page placed well but not yet still scores this much; holding still takes it to 1. */
const PLACED_SCORE = 0.7;
/** The score is published in this many steps: the window's tone follows it, the noise of each frame not. */
const SCORE_STEPS = 20;
/** Cues the window's rising tone stands for: with "sounds" chosen they are not said in words. */
const TONED_CUES: ReadonlySet<GuideCue> = new Set([
  'no-page',
  'move-left',
  'move-right',
  'move-up',
  'move-down',
  'farther',
  'closer',
  'hold-still'
]);
/** A framed page is taken after this many still frames in a row … */
const STILL_FRAMES = 3;
/** … spanning this long (frames come from a timer whose ticks land a little early or late). */
const STILL_MS = 460;

export type GuideResult = GuideCue | 'taken' | 'busy';

export interface PageGuideDeps {
  now: () => number;
  /** A cue: spoken in a slot of its own, so a newer one replaces one not yet said. */
  cue: (text: string) => void;
  /** The user's choice of framing cues: words, the window's rising tone, or both. */
  framingCues: () => FramingCues;
  /** A message about guiding itself (started, stopped, taken). */
  say: (text: string) => void;
  look: (image: Uint8Array) => Promise<FrameLook>;
  /** Prepares the page taken and reads it aloud; once `signal` aborts, nothing more of it is said. */
  read: (image: Uint8Array, signal: AbortSignal) => Promise<void>;
  onStatus: (status: DocumentStatus) => void;
}

interface StillFrame {
  image: Uint8Array;
  sharpness: number;
  page?: FoundPage;
  at: number;
}

export class PageGuide {
  private state: DocumentStatus['state'] = 'off';
  private cue: GuideCue | undefined;
  private score: number | undefined;
  /** "Too dark" was said in this spell of darkness: it is not said again until the light has come back. */
  private darkSaid = false;
  /** Ended by Stop (or by the guide itself), not by the page having been read. */
  private stopped = false;
  /** Cancels the page being prepared and read. */
  private reader: AbortController | undefined;
  private lastCueAt: number | undefined;
  private lastPageAt = 0;
  private looking = false;
  private previous: FrameLook | undefined;
  private still: StillFrame[] = [];
  /** The page being read, for tests and hosts that wait for it. */
  reading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: PageGuideDeps) {}

  status(): DocumentStatus {
    if (this.state === 'off' && this.stopped) return { state: 'off', stopped: true };
    if (this.state !== 'guiding') return { state: this.state };
    return {
      state: this.state,
      ...(this.cue && { cue: this.cue }),
      ...(this.score !== undefined && { score: this.score })
    };
  }

  start(): DocumentStatus {
    if (this.state !== 'off') return this.status();
    this.state = 'guiding';
    this.cue = this.score = this.lastCueAt = this.previous = undefined;
    this.darkSaid = this.stopped = false;
    this.still = [];
    this.lastPageAt = this.deps.now();
    this.deps.say(STARTED);
    return this.publish();
  }

  /** Stops guiding, or the page being prepared and read (nothing more of it is said), saying `why`. */
  stop(why = STOPPED): DocumentStatus {
    if (this.state === 'off') return this.status();
    this.reader?.abort();
    this.reader = undefined;
    this.state = 'off';
    this.stopped = true;
    this.previous = undefined;
    this.still = [];
    this.deps.say(why);
    return this.publish();
  }

  async frame(image: Uint8Array): Promise<GuideResult> {
    if (this.state === 'off') throw new LumenError('UNAVAILABLE', 'Reading with the camera is not on.');
    // Frames are dropped, never queued: the next one will be newer.
    if (this.state === 'reading' || this.looking) return 'busy';
    this.looking = true;
    let look: FrameLook;
    try {
      look = await this.deps.look(image);
    } finally {
      this.looking = false;
    }
    if (this.state !== 'guiding') return 'busy';
    const now = this.deps.now();
    const moving = !this.previous || moved(this.previous, look);
    this.previous = look;
    if (look.cue === 'no-page' || look.cue === 'too-dark') {
      if (now - this.lastPageAt >= NO_PAGE_MS) {
        this.stop(NO_PAGE);
        return look.cue;
      }
    } else this.lastPageAt = now;
    if (look.cue !== 'too-dark') this.darkSaid = false;
    if (look.cue !== 'framed' || moving) this.still = [];
    else this.still.push({ image, sharpness: look.sharpness, page: look.page, at: now });
    if (this.settled(now)) {
      this.take();
      return 'taken';
    }
    const cue = look.cue === 'framed' ? 'hold-still' : look.cue;
    this.give(cue, now, this.framing(look));
    return cue;
  }

  /** 0 no page … PLACED_SCORE placed well … 1 framed and still for as long as taking it needs. */
  private framing(look: FrameLook): number {
    if (look.cue !== 'framed') return PLACED_SCORE * look.placement;
    // Full once the frame that would take it is the only one missing.
    return PLACED_SCORE + (1 - PLACED_SCORE) * Math.min(1, this.still.length / (STILL_FRAMES - 1));
  }

  private settled(now: number): boolean {
    const first = this.still[0];
    return this.still.length >= STILL_FRAMES && !!first && now - first.at >= STILL_MS;
  }

  /** Says the cue when the last was said long enough ago; the page's state follows the cue and the score. */
  private give(cue: GuideCue, now: number, score: number): void {
    const step = Math.round(score * SCORE_STEPS) / SCORE_STEPS;
    const changed = cue !== this.cue || step !== this.score;
    const inWords = this.deps.framingCues() !== 'sounds' || !TONED_CUES.has(cue);
    // Darkness is said once a spell: saying it again does not bring light.
    const repeat = cue === 'too-dark' && this.darkSaid;
    if (inWords && !repeat && (this.lastCueAt === undefined || now - this.lastCueAt >= CUE_GAP_MS)) {
      this.deps.cue(GUIDE_CUE_WORDS[cue]);
      this.lastCueAt = now;
      if (cue === 'too-dark') this.darkSaid = true;
    }
    this.cue = cue;
    this.score = step;
    if (changed) this.publish();
  }

  /** The sharpest of the still frames is read; guiding ends. */
  private take(): void {
    const best = this.still.reduce((a, b) => (b.sharpness > a.sharpness ? b : a));
    this.still = [];
    this.previous = undefined;
    this.state = 'reading';
    const whole = best.page?.by === 'edges' && !Object.values(best.page.cutOff).some(Boolean);
    this.deps.cue(whole ? TAKEN_WHOLE : TAKEN_BY_TEXT);
    this.publish();
    const reader = (this.reader = new AbortController());
    this.reading = this.deps
      .read(best.image, reader.signal)
      .catch((error: unknown) => {
        if (reader.signal.aborted) return;
        this.deps.say(error instanceof LumenError ? error.message : 'Lumen could not read the page. Please try again.');
      })
      .finally(() => {
        // Stopped while it was read: the guide has moved on (and may be guiding again).
        if (reader.signal.aborted) return;
        this.reader = undefined;
        this.state = 'off';
        this.publish();
      });
  }

  private publish(): DocumentStatus {
    const status = this.status();
    this.deps.onStatus(status);
    return status;
  }
}
