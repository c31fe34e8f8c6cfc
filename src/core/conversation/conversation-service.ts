import { CONVERSATION_UTTERANCES } from '../../shared/audio-frames';
import type { ConversationStatus, Earcon } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import type { Emit } from '../core-events';
import type { Logger } from '../ports';
import {
  RealtimeSession,
  sessionConfigFromSettings,
  type LookSource,
  type RealtimeCaption,
  type RealtimeInterrupt,
  type RealtimeUsage
} from './index';
import type { SpeechService } from '../speech/speech-service';
import type { LiveToolCallback } from './live-tool';
import type { StreamPlayer } from '../speech/stream-player';

/** How long to wait for the player to say how much it played before truncating with what is known. */
const STOPPED_REPORT_WAIT_MS = 300;
const SAMPLES_PER_MS = 24;

/** The part of the model service the conversation needs. */
export interface ConversationModels {
  model(role: 'conversation'): string | null;
  /** The service said the model does not exist: its successor (null when none), one sentence said. */
  retired(role: 'conversation', model: string): string | null;
  /** Models to caption what the user says, best first. */
  captionModels(): string[];
  /** A session refused this captions model. */
  captionsRefused(model: string): void;
}

export interface ConversationDeps {
  endpoint: () => string;
  models: ConversationModels;
  /** The key for the endpoint the conversation connects to, or undefined when none may go there. */
  key: (endpoint: string) => Promise<string | undefined>;
  /** Why no key goes to that endpoint although Lumen holds one, or undefined. */
  whyNoKey?: (endpoint: string) => Promise<string | undefined>;
  settings: () => Settings;
  /** The window's audio player, when one is connected. */
  player: () => StreamPlayer | undefined;
  speech: SpeechService;
  /** A fresh, prepared and shielded picture for the model's `look` tool. */
  look: (source: LookSource) => Promise<Uint8Array>;
  /** Starts, stops or reports live description for the model's `live_description` tool. */
  live?: LiveToolCallback;
  emit: Emit;
  earcon: (sound: Earcon, action: 'play' | 'loop' | 'stop') => void;
  usage: (usage: RealtimeUsage) => void;
  /** Seconds of the user's speech the captions model transcribed. */
  captionsUsage: (model: string, seconds: number) => void;
  /** Why no conversation may start now (the monthly limit is reached), or undefined. */
  refusal?: () => string | undefined;
  logger: Logger;
}

interface Playing {
  utterance: number;
  responseId: string;
  contentIndex: number;
  /** Samples the player has reported playing so far. */
  played: number;
}

/**
 * The hands-free conversation as the hosts see it: one Realtime session, its reply audio played
 * through the window's worklet player, and barge-in closed with what the player really played.
 */
export class ConversationService {
  private session: RealtimeSession | undefined;
  private muted = false;
  private nextUtterance = CONVERSATION_UTTERANCES;
  private readonly playing = new Map<string, Playing>();
  private watchedPlayer: StreamPlayer | undefined;
  private unwatch: (() => void) | undefined;
  /** The Realtime model of the current session. */
  private sessionModel = '';
  /** The endpoint the current session connects to. */
  private sessionEndpoint = '';
  /** Set when the service refused the session's model: start() tries its successor once. */
  private modelGone = false;

  constructor(private readonly deps: ConversationDeps) {}

  status(): ConversationStatus {
    return { state: this.session?.state ?? 'idle', mode: this.deps.settings().conversation.mode, muted: this.muted };
  }

  /** Connects (if not yet) and starts listening. Resolves false when it could not; the reason was said. */
  async start(): Promise<ConversationStatus> {
    this.deps.speech.stop();
    const refusal = this.deps.refusal?.();
    if (refusal) {
      this.stop();
      this.deps.speech.say(refusal);
      return this.status();
    }
    // A conversation that is not running starts on the model and endpoint chosen now (settings or the
    // service's list may have changed).
    const wanted = this.deps.models.model('conversation');
    const changed = wanted !== this.sessionModel || this.deps.endpoint() !== this.sessionEndpoint;
    if (this.session && !this.session.connected && changed) this.session = undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      this.session ??= this.createSession();
      if (!this.session) break;
      const session = this.session;
      session.setInputMode(this.deps.settings().conversation.mode);
      this.modelGone = false;
      if (await session.start()) {
        this.deps.earcon('listening', 'play');
        break;
      }
      // A retired model: its successor is tried at once (the sentence was said).
      if (!this.modelGone || !this.deps.models.retired('conversation', this.sessionModel)) break;
      this.session = this.createSession();
    }
    this.emitState();
    return this.status();
  }

  /** The Realtime model the conversation uses (for pricing its replies). */
  model(): string {
    return this.sessionModel;
  }

  stop(): ConversationStatus {
    if (this.session && this.session.state !== 'idle' && this.session.state !== 'closed') {
      this.session.stop();
      this.stopPlayback();
      this.deps.earcon('done', 'play');
    }
    return this.status();
  }

  /** Ends the conversation and forgets it: a new one starts afresh, with nothing of this one replayed. */
  forget(): ConversationStatus {
    const status = this.stop();
    this.session?.clearHistory();
    return status;
  }

  /** Settings changed: this conversation takes the new voice, speed, turn taking and quiet time at once. */
  settingsChanged(): void {
    if (!this.session) return;
    this.session.updateConfig(this.config());
    this.session.setInputMode(this.deps.settings().conversation.mode);
    this.session.setIdleTimeout(this.deps.settings().conversation.idleMinutes * 60_000);
    this.emitState();
  }

  microphone(pcm16: Uint8Array): void {
    this.session?.appendAudio(pcm16);
  }

  async talk(pressed: boolean): Promise<ConversationStatus> {
    const session = this.requireSession();
    if (pressed) await session.pressTalk();
    else await session.releaseTalk();
    return this.status();
  }

  mute(muted: boolean): ConversationStatus {
    this.muted = muted;
    this.session?.setMuted(muted);
    this.emitState();
    return this.status();
  }

  async say(text: string): Promise<void> {
    const session = this.requireSession();
    await session.start();
    await session.sendText(text);
  }

  /** Whether a conversation is connected (live description then speaks through it). */
  get open(): boolean {
    return this.session?.connected ?? false;
  }

  /** Whether the conversation waits for the user: nobody is speaking and no answer is being made. */
  get listening(): boolean {
    return this.session?.state === 'listening';
  }

  /** A picture the user chose to show (already prepared and shielded): added, then Lumen answers. */
  async show(jpeg: Uint8Array, note: string): Promise<void> {
    const session = this.requireSession();
    if (!(await session.start())) return;
    if (await session.addImage(jpeg, note)) await session.respond();
  }

  private requireSession(): RealtimeSession {
    if (!this.session) throw new LumenError('UNAVAILABLE', 'Start a conversation first.');
    return this.session;
  }

  private config() {
    const s = this.deps.settings();
    return sessionConfigFromSettings(s, {
      turnDetection: s.conversation.turnDetection,
      canLook: true,
      canWatchLive: true,
      transcriptionModels: this.deps.models.captionModels()
    });
  }

  private createSession(): RealtimeSession | undefined {
    const s = this.deps.settings();
    const model = this.deps.models.model('conversation');
    if (!model) {
      this.deps.speech.say('The service offers no model for a spoken conversation right now.');
      return undefined;
    }
    this.sessionModel = model;
    this.sessionEndpoint = this.deps.endpoint();
    const session = new RealtimeSession({
      endpoint: this.sessionEndpoint,
      model,
      getKey: this.deps.key,
      whyNoKey: this.deps.whyNoKey,
      config: this.config(),
      inputMode: s.conversation.mode,
      look: this.deps.look,
      live: this.deps.live,
      idleTimeoutMs: s.conversation.idleMinutes * 60_000,
      logger: this.deps.logger
    });
    // A session refused for its retired model is replaced at once (see start): the window is not told it ended.
    session.on('state', (state) => {
      if (!(state === 'closed' && this.modelGone && this.session === session)) this.emitState();
    });
    session.on('audio', (chunk) => this.play(chunk.itemId, chunk.responseId, chunk.contentIndex, chunk.samples));
    session.on('responseDone', ({ responseId }) => {
      for (const item of this.playing.values()) {
        if (item.responseId === responseId) this.deps.player()?.end(item.utterance);
      }
    });
    session.on('caption', (caption: RealtimeCaption) => this.deps.emit('conversation.caption', caption));
    session.on('interrupt', (interrupt) => void this.bargeIn(session, interrupt));
    session.on('error', (error) => {
      // A retired model is handled by start() (its successor), and said there.
      if (error.code === 'model' && this.session === session) {
        this.modelGone = true;
        return;
      }
      this.deps.speech.say(error.message);
    });
    session.on('note', (note) => this.deps.speech.say(note.message, 'info'));
    session.on('captionsUnavailable', ({ message }) => this.deps.speech.say(message, 'info'));
    session.on('transcriptionRefused', (model) => this.deps.models.captionsRefused(model));
    session.on('usage', (usage) => this.deps.usage(usage));
    session.on('captionsUsage', ({ model, seconds }) => this.deps.captionsUsage(model, seconds));
    session.setMuted(this.muted);
    return session;
  }

  private emitState(): void {
    this.deps.emit('conversation.state', this.status());
  }

  private play(itemId: string, responseId: string, contentIndex: number, samples: Int16Array): void {
    const player = this.deps.player();
    if (!player) return;
    this.watch(player);
    let item = this.playing.get(itemId);
    if (!item) {
      item = { utterance: this.nextUtterance++, responseId, contentIndex, played: 0 };
      this.playing.set(itemId, item);
    }
    player.pcm(item.utterance, samples);
  }

  /** Keeps each reply item's played count from the player's reports. */
  private watch(player: StreamPlayer): void {
    if (this.watchedPlayer === player) return;
    this.unwatch?.();
    this.watchedPlayer = player;
    this.unwatch = player.onReport((report) => {
      for (const item of this.playing.values()) {
        if (item.utterance === report.utterance) item.played = Math.max(item.played, report.playedSamples);
      }
    });
  }

  /**
   * The user spoke (or pressed talk): silence at once, then tell the session how much of the reply
   * was heard, from the player's own count, so the model remembers only that.
   */
  private async bargeIn(session: RealtimeSession, interrupt: RealtimeInterrupt): Promise<void> {
    const item = interrupt.itemId ? this.playing.get(interrupt.itemId) : undefined;
    const player = this.deps.player();
    if (!item || !player) {
      this.stopPlayback();
      return;
    }
    const stopped = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        off();
        resolve();
      };
      const off = player.onReport((r) => {
        if (r.final && r.utterance === item.utterance) {
          // The stop's own report is the exact count; stopPlayback() has already let go of the item.
          item.played = Math.max(item.played, r.playedSamples);
          done();
        }
      });
      const timer = setTimeout(done, STOPPED_REPORT_WAIT_MS);
    });
    this.stopPlayback();
    await stopped;
    session.reportPlayed(interrupt.itemId!, item.contentIndex, item.played / SAMPLES_PER_MS);
  }

  private stopPlayback(): void {
    this.deps.player()?.stop();
    this.playing.clear();
  }
}
