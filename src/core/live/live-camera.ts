import type { CompletionUsage } from 'openai/resources/completions';
import type { LiveStatus } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import { spokenError } from '../assistant/errors';
import { answerWithModels } from '../assistant/model-answer';
import { jpegDataUrl } from '../imaging/prepare';
import { lumaThumbnail, type LumaImage } from '../imaging/luma';
import type { ModelService } from '../models/model-service';
import type { Picture } from '../vision/picture';
import { ChangeDetector, type FrameDecision } from './change-detector';
import { FIRST_LOOK, IN_CONVERSATION, LIVE_SYSTEM_PROMPT, saysNothingNew, whatIsNew } from './live-prompts';
import { spokenCost } from '../../shared/spoken-cost';

const STARTED = 'Live description on. The camera is in use; Lumen speaks when the scene changes.';
/** A feed this long, and this many frames, without one pixel changing has stopped. */
const FROZEN_MS = 10_000;
const FROZEN_FRAMES = 10;
const FROZEN = 'The camera picture has not changed at all for 10 seconds; the camera may have stopped.';
const STOPPED = 'Live description off; the camera is no longer in use.';

/** The size frames are compared at: small enough to cost well under a millisecond a frame. */
const COMPARE = { width: 96, height: 72 };
/** After the service fails, live waits this long before sending again, doubling up to the maximum. */
const PAUSE_MS = 10_000;
const MAX_PAUSE_MS = 120_000;

export interface LiveCameraDeps {
  settings: () => Settings['live'];
  /** Why nothing may be sent now (no key for the endpoint, the monthly limit reached), or undefined. */
  refusal: () => Promise<string | undefined>;
  endpoint: () => string;
  key: (endpoint: string) => Promise<string | undefined>;
  models: ModelService;
  /** The app's road for a picture: preparation and the privacy shield (the detector already guarded it). */
  picture: (image: Uint8Array) => Promise<Picture>;
  /** Tokens a remark used, priced and counted; returns its cost in US dollars. */
  spend: (usage: CompletionUsage, model: string) => number;
  /** A remark: spoken in the live slot, so a newer one replaces one not yet said. */
  remark: (text: string) => void;
  /** A message about live itself (started, stopped, paused), spoken and shown. */
  say: (text: string) => void;
  onStatus: (status: LiveStatus) => void;
  /**
   * The spoken conversation. While one is open, changed pictures join it and the model answers by
   * voice, so the user can ask about what is seen and talking over it stops it.
   */
  conversation?: LiveConversation;
  now: () => number;
  fetchImpl?: typeof fetch;
}

export interface LiveConversation {
  readonly open: boolean;
  /** Nobody speaking and no answer being made: a picture may join now. */
  readonly listening: boolean;
  /** Adds a prepared picture with a note and asks for an answer. */
  show(jpeg: Uint8Array, note: string): Promise<void>;
}

export type FrameResult = FrameDecision['kind'] | 'busy' | 'paused';

/**
 * A frame to look at: its small grey copy for the detector, and the picture itself, asked for only when
 * it is to be sent (a video file's frame is encoded then, not for every frame).
 */
function samePixels(a: LumaImage, b: LumaImage): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.luma.length; i++) if (a.luma[i] !== b.luma[i]) return false;
  return true;
}

export interface LiveFrame {
  luma(size: { width: number; height: number }): Promise<LumaImage> | LumaImage;
  picture(): Promise<Uint8Array> | Uint8Array;
}

/** A frame that arrives encoded (JPEG or PNG), as the window sends the camera's. */
export const encodedFrame = (image: Uint8Array): LiveFrame => ({
  luma: (size) => lumaThumbnail(image, size),
  picture: () => image
});

/** A picture prepared while a changed scene settles, with the view it shows. */
interface PreparedAhead {
  view: LumaImage;
  picture: Promise<Picture>;
}

/**
 * Live description of the camera: every frame is looked at locally, and a picture is sent only when
 * the scene changed and settled; the model says what is new in one sentence, or that nothing
 * important is, which is not spoken. Stops itself at the session's limits and after a quiet time.
 */
export class LiveCamera {
  private running = false;
  /** Off: changes are found and reported, nothing is sent (no key needed). */
  private describing = true;
  private detector = new ChangeDetector();
  private startedAt = 0;
  private lastChangeAt = 0;
  private pictures = 0;
  private frames = 0;
  private costUsd = 0;
  private lastSaid = '';
  private inFlight: AbortController | undefined;
  private pausedUntil = 0;
  private pauseMs = PAUSE_MS;
  /**
   * The privacy shield reads a picture before it is sent, which takes longer than anything else here:
   * it starts on the changed scene while the scene is still settling, so the remark does not wait for both.
   */
  private ahead: PreparedAhead | undefined;
  private preparingAhead = false;
  /** The newest settling frame that came while another was being prepared. */
  private newest: { image: LiveFrame; view: LumaImage } | undefined;
  /** The last unusable-frame reason said, so a dark or frozen feed is said once, not every second. */
  private unusableSaid = false;
  /** The last frame's grey copy, and since when the frames have been identical to it. */
  private lastView: LumaImage | undefined;
  private identicalSince = 0;
  private identicalFrames = 0;

  constructor(private readonly deps: LiveCameraDeps) {}

  status(): LiveStatus {
    const minutes = this.running ? (this.deps.now() - this.startedAt) / 60_000 : 0;
    return {
      running: this.running,
      frames: this.frames,
      pictures: this.pictures,
      costUsd: this.costUsd,
      costPerMinute: minutes > 0 ? this.costUsd / minutes : 0
    };
  }

  /**
   * Starts a session; with `describe: false` it only finds the changes, and sends nothing. `quiet`
   * leaves saying so to the caller (the conversation's model).
   */
  async start({ describe = true, quiet = false }: { describe?: boolean; quiet?: boolean } = {}): Promise<LiveStatus> {
    if (this.running) return this.status();
    const refusal = describe ? await this.deps.refusal() : undefined;
    if (refusal) throw new LumenError('UNAVAILABLE', refusal);
    this.running = true;
    this.describing = describe;
    this.detector = new ChangeDetector();
    this.dropAhead();
    this.startedAt = this.lastChangeAt = this.deps.now();
    this.pictures = this.frames = this.costUsd = 0;
    this.lastSaid = '';
    this.pausedUntil = 0;
    this.pauseMs = PAUSE_MS;
    this.unusableSaid = false;
    this.lastView = undefined;
    if (!quiet) this.deps.say(STARTED);
    return this.publish();
  }

  /** Stops live description and says so, with why (when given) and what it sent and cost. */
  stop(why = '', { quiet = false } = {}): LiveStatus {
    if (!this.running) return this.status();
    const summary = this.summary();
    this.running = false;
    this.dropAhead();
    this.inFlight?.abort();
    this.inFlight = undefined;
    if (!quiet) this.deps.say(`${why ? `${why} ` : ''}${STOPPED} ${summary}`);
    return this.publish();
  }

  /** The conversation's `live_description` tool: what was done, in words for the model to pass on. */
  async tool(action: 'start' | 'stop' | 'status'): Promise<string> {
    if (action === 'start') {
      if (this.running) return `Live description is already on. ${this.report()} Tell the user.`;
      await this.start({ quiet: true });
      return `${STARTED} Tell the user.`;
    }
    if (!this.running) return 'Live description is off. Tell the user.';
    if (action === 'status') return `Live description is on. ${this.report()} Tell the user.`;
    const summary = this.summary();
    this.stop('', { quiet: true });
    return `${STOPPED} ${summary} Tell the user.`;
  }

  /** What this session sent and cost: "3 pictures sent of 240 looked at, $0.01." */
  private summary(): string {
    const { frames, pictures, costUsd } = this.status();
    return `${pictures} ${pictures === 1 ? 'picture' : 'pictures'} sent of ${frames} looked at, ${spokenCost(costUsd)}.`;
  }

  /** The summary with how long live has run and its cost a minute, for "how much has live cost?". */
  private report(): string {
    const minutes = Math.floor((this.deps.now() - this.startedAt) / 60_000);
    if (minutes < 1) return `In less than a minute: ${this.summary()}`;
    const per = `${spokenCost(this.status().costPerMinute)} a minute`;
    return `In ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}: ${this.summary().slice(0, -1)}, ${per}.`;
  }

  /** One frame from the camera; says what was done with it. */
  async frame(image: LiveFrame): Promise<FrameResult> {
    if (!this.running) throw new LumenError('UNAVAILABLE', 'Live description is not on.');
    const now = this.deps.now();
    const limit = this.limitReached(now);
    if (limit) {
      this.stop(limit);
      return 'same';
    }
    this.frames++;
    // The page shows the counts as they grow: every frame looked at is published.
    const result = await this.look(image, now);
    if (this.running) this.publish();
    return result;
  }

  private async look(image: LiveFrame, now: number): Promise<FrameResult> {
    if (this.inFlight) return 'busy';
    // The user or the model is speaking: the change waits until the conversation listens again.
    const conversation = this.deps.conversation;
    if (conversation?.open && !conversation.listening) return 'busy';
    if (now < this.pausedUntil) return 'paused';
    const view = await image.luma(COMPARE);
    const frozen = this.frozen(view, now);
    const decision = frozen ? ({ kind: 'unusable' } as const) : this.detector.look(view, now);
    if (decision.kind === 'unusable') {
      if (!this.unusableSaid) this.deps.say(frozen ? FROZEN : 'The camera shows nothing Lumen can use right now.');
      this.unusableSaid = true;
      return decision.kind;
    }
    this.unusableSaid = false;
    if (decision.kind === 'same') this.dropAhead();
    if (decision.kind === 'settling' && this.describing) this.prepareAhead(image, view);
    if (decision.kind === 'first' || decision.kind === 'changed') {
      this.lastChangeAt = now;
      if (this.describing) await this.send(this.preparedFor(image, view), decision.kind === 'first');
    }
    return decision.kind;
  }

  /**
   * True once the feed has sent the very same pixels for a while: a working camera's sensor noise
   * changes some pixel in every frame, so a feed that does not has stopped (or shows a still image).
   */
  private frozen(view: LumaImage, now: number): boolean {
    const last = this.lastView;
    this.lastView = view;
    if (!last || !samePixels(last, view)) {
      this.identicalSince = now;
      this.identicalFrames = 0;
      return false;
    }
    this.identicalFrames++;
    return this.identicalFrames >= FROZEN_FRAMES && now - this.identicalSince >= FROZEN_MS;
  }

  private prepare(image: LiveFrame): Promise<Picture> {
    return Promise.resolve(image.picture()).then((bytes) => this.deps.picture(bytes));
  }

  /**
   * Prepares a settling frame's picture ahead, one at a time: a thing put down is there from the first
   * changed frame; while a pan goes on, the newest frame is prepared as soon as the one before is done,
   * so the view the pan stops at is ready soon after it stops.
   */
  private prepareAhead(image: LiveFrame, view: LumaImage): void {
    if (this.ahead && this.detector.sameView(this.ahead.view, view)) return;
    if (this.preparingAhead) {
      this.newest = { image, view };
      return;
    }
    this.preparingAhead = true;
    const picture = this.prepare(image);
    this.ahead = { view, picture };
    // One left behind by a later view is never awaited; its failure is nobody's error.
    void picture
      .catch(() => undefined)
      .finally(() => {
        this.preparingAhead = false;
        const newest = this.newest;
        this.newest = undefined;
        // Only while the change is still settling: once sent, or gone back, nothing more is needed.
        if (newest && this.ahead) this.prepareAhead(newest.image, newest.view);
      });
  }

  /** Forgets what was prepared ahead (one still being prepared finishes, unused). */
  private dropAhead(): void {
    this.ahead = undefined;
    this.newest = undefined;
  }

  /** The picture for a frame to send: the one prepared ahead if it shows the same view, else made now. */
  private preparedFor(image: LiveFrame, view: LumaImage): Promise<Picture> {
    const ahead = this.ahead;
    this.dropAhead();
    return ahead && this.detector.sameView(ahead.view, view) ? ahead.picture : this.prepare(image);
  }

  /** Why the session must end now: its minutes or dollars used up, or nothing changed for the quiet time. */
  private limitReached(now: number): string | undefined {
    const { sessionMinutes, sessionUsd, quietMinutes } = this.deps.settings();
    if (sessionMinutes > 0 && now - this.startedAt >= sessionMinutes * 60_000) {
      return `Live description ran for its ${sessionMinutes} ${sessionMinutes === 1 ? 'minute' : 'minutes'}.`;
    }
    if (sessionUsd > 0 && this.costUsd >= sessionUsd) {
      return `Live description reached its limit of $${sessionUsd.toFixed(2)} for one session.`;
    }
    if (quietMinutes > 0 && now - this.lastChangeAt >= quietMinutes * 60_000) {
      return `Nothing changed for ${quietMinutes} ${quietMinutes === 1 ? 'minute' : 'minutes'}.`;
    }
    return undefined;
  }

  private async send(prepared: Promise<Picture>, first: boolean): Promise<void> {
    const refusal = await this.deps.refusal();
    if (refusal) {
      // Not sent: whatever becomes of the picture no longer matters.
      prepared.catch(() => undefined);
      this.stop(refusal);
      return;
    }
    const picture = await prepared;
    if (!picture.sent) {
      // A private item the user wants to be asked about, or a denied window: said, and live carries on.
      this.deps.say(picture.message);
      return;
    }
    const conversation = this.deps.conversation;
    if (conversation?.open) return this.join(conversation, picture.jpeg);
    const abort = new AbortController();
    this.inFlight = abort;
    const endpoint = this.deps.endpoint();
    try {
      const key = await this.deps.key(endpoint);
      if (!key) {
        this.stop('No API key is set.');
        return;
      }
      let text = '';
      await answerWithModels(this.deps.models, {
        endpoint,
        key,
        messages: [
          { role: 'system', content: LIVE_SYSTEM_PROMPT },
          {
            role: 'user',
            content: [
              { type: 'text', text: first || !this.lastSaid ? FIRST_LOOK : whatIsNew(this.lastSaid) },
              { type: 'image_url', image_url: { url: jpegDataUrl(picture.jpeg), detail: picture.detail } }
            ]
          }
        ],
        purpose: 'describe',
        thinkLonger: false,
        signal: abort.signal,
        fetchImpl: this.deps.fetchImpl,
        onUsage: (used, model) => (this.costUsd += this.deps.spend(used, model)),
        onDelta: (delta) => (text += delta),
        tell: (note) => this.deps.say(note)
      });
      this.pictures++;
      if (this.pausedUntil) this.deps.say('The service answers again; live description carries on.');
      this.pausedUntil = 0;
      this.pauseMs = PAUSE_MS;
      if (!this.running || saysNothingNew(text) || !text.trim()) return;
      this.lastSaid = text.trim();
      this.deps.remark(this.lastSaid);
    } catch (error) {
      if (abort.signal.aborted) return;
      // Paused, not stopped: no request per frame while the service fails, one sentence said.
      if (!this.pausedUntil) this.deps.say(`${spokenError(error, false)} Live description pauses and tries again.`);
      this.pausedUntil = this.deps.now() + this.pauseMs;
      this.pauseMs = Math.min(MAX_PAUSE_MS, this.pauseMs * 2);
      // The scene must be sent again once the service answers: it was never described.
      this.detector.reset();
      this.dropAhead();
    } finally {
      if (this.inFlight === abort) this.inFlight = undefined;
    }
  }

  /** The picture joins the conversation, whose model answers by voice; its cost is the conversation's. */
  private async join(conversation: LiveConversation, jpeg: Uint8Array): Promise<void> {
    const abort = new AbortController();
    this.inFlight = abort;
    try {
      await conversation.show(jpeg, IN_CONVERSATION);
      if (!abort.signal.aborted) this.pictures++;
    } catch (error) {
      if (!abort.signal.aborted) this.deps.say(spokenError(error, false));
    } finally {
      if (this.inFlight === abort) this.inFlight = undefined;
    }
  }

  private publish(): LiveStatus {
    const status = this.status();
    this.deps.onStatus(status);
    return status;
  }
}
