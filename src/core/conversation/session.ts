import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeServerEvent
} from 'openai/resources/realtime/realtime';
import type { ConversationCaption, ConversationState, InputMode } from '../../shared/contract';
import { silentLogger, type Logger } from '../ports';
import { SAMPLE_RATE, samplesToMs } from './audio-format';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { RealtimeClient, RealtimeHandshakeError, type RealtimeClose } from './client';
import { CaptionModels } from './caption-models';
import { CaptionStream } from './caption-stream';
import { sessionUpdate, type SessionConfig, type TurnDetectionMode } from './config';
import { Events } from '../util/events';
import {
  classifyClose,
  classifyHandshake,
  classifyServerError,
  isTranscriptionRefusal,
  SPOKEN,
  type RealtimeSessionError,
  type Verdict
} from './errors';
import {
  ConversationHistory,
  DEFAULT_REPLAY_LIMITS,
  heardPart,
  replayItems,
  type HistoryEntry,
  type ReplayLimits
} from './history';
import { imageItem, type LookCallback } from './look';
import { ToolCalls, type ToolReplies } from './tool-calls';
import { ReplyAudioLedger, type ReplyItem, type Truncation } from './reply-audio-ledger';
import { ResponseTracker } from './response-tracker';
import { realtimeUrl } from './url';
import { usageFromResponse, type RealtimeUsage } from './usage';

/** The service refuses to commit less than this much audio. */
const MIN_COMMIT_MS = 100;
/** How long a new connection holds back everything else while its session.update is unanswered. */
export const SESSION_ANSWER_WAIT_MS = 3000;

export type RealtimeState = ConversationState;
export type { InputMode };

export interface RealtimeAudioChunk {
  itemId: string;
  contentIndex: number;
  responseId: string;
  /** PCM16 mono, 24 kHz. */
  samples: Int16Array;
}

export type RealtimeCaption = ConversationCaption;

export interface RealtimeInterrupt {
  /** The reply audio that may be playing; null when none has been sent in this session. */
  itemId: string | null;
  contentIndex: number;
  /** speech: the service heard the user; talk: push-to-talk pressed; text: a typed question; host: interrupt(). */
  reason: 'speech' | 'talk' | 'text' | 'host';
}

export interface RealtimeNote {
  kind: 'reconnected' | 'idle';
  /** A short sentence to say to the user. */
  message: string;
}

export interface RealtimeResponseDone {
  responseId: string;
  status: 'completed' | 'cancelled' | 'failed' | 'incomplete' | 'in_progress';
}

export type RealtimeSessionEvents = {
  state: (state: RealtimeState) => void;
  /** Reply audio to play, in order. */
  audio: (chunk: RealtimeAudioChunk) => void;
  caption: (caption: RealtimeCaption) => void;
  /** Stop playing reply audio now, then call reportPlayed() with what was heard. */
  interrupt: (interrupt: RealtimeInterrupt) => void;
  error: (error: RealtimeSessionError) => void;
  note: (note: RealtimeNote) => void;
  usage: (usage: RealtimeUsage) => void;
  /** Audio the captions model transcribed (priced by the minute). */
  captionsUsage: (usage: { model: string; seconds: number }) => void;
  responseDone: (done: RealtimeResponseDone) => void;
  /** Every event from the service, unfiltered (diagnostics, benchmarks). */
  serverEvent: (event: RealtimeServerEvent) => void;
  /**
   * The service refused every caption model offered for the user's words: the conversation goes on
   * without those captions. Emitted at most once per session, whatever reconnects follow.
   */
  captionsUnavailable: (notice: RealtimeCaptionsUnavailable) => void;
  /** The service refused this caption model; the host may remember it and not offer it again. */
  transcriptionRefused: (model: string) => void;
};

export interface RealtimeCaptionsUnavailable {
  /** A sentence to say to the user. */
  message: string;
}

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export interface RealtimeSessionOptions {
  /** The configured base URL, e.g. from resolveEndpoint() ("https://api.openai.com/v1"). */
  endpoint: string;
  /** The API key for `endpoint`, fetched afresh for every connection (SecretStore.getKey). */
  getKey: (endpoint: string) => Promise<string | undefined>;
  /** Why no key may go to `endpoint` although Lumen holds one; said instead of "No API key is set". */
  whyNoKey?: (endpoint: string) => Promise<string | undefined>;
  config: SessionConfig;
  /** The Realtime model, as the model service chose it. */
  model: string;
  /** Default: push-to-talk when config.turnDetection is 'manual', else hands-free. */
  inputMode?: InputMode;
  /** Takes a fresh picture for the model's `look` tool; without it the tool is not offered. */
  look?: LookCallback;
  /** Close the connection after this long without speech, text or replies; 0 or absent: never. */
  idleTimeoutMs?: number;
  /** Connection attempts before giving up: after a drop (default 6) and when first connecting (default 2). */
  reconnect?: { maxAttempts?: number; initialAttempts?: number; baseMs?: number; maxMs?: number };
  /** Microphone audio kept while (re)connecting, so words said meanwhile are not lost. Default 2000. */
  maxPendingAudioMs?: number;
  replayLimits?: ReplayLimits;
  clock?: Clock;
  random?: () => number;
  /** Extra certificate authority for a local TLS endpoint. */
  ca?: string;
  logger?: Logger;
}

interface Connection {
  client: RealtimeClient;
  /** Bumped per connection, so late work from an old one is recognised and dropped. */
  serial: number;
}

/**
 * One spoken conversation over the GA Realtime API. It connects on demand, sends the microphone's
 * audio, passes reply audio and captions to the host, handles barge-in (interrupt → the host reports
 * what was heard → truncate), the `look` tool, idle timeout, and reconnects after drops with the text
 * history replayed so the conversation carries on.
 */
export class RealtimeSession {
  private readonly emitter: Events<RealtimeSessionEvents>;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly model: string;
  private config: SessionConfig;
  private inputModeValue: InputMode;
  /** The VAD used in hands-free mode. */
  private vad: Exclude<TurnDetectionMode, 'manual'>;
  private readonly history = new ConversationHistory();

  private stateValue: RealtimeState = 'idle';
  private conn: Connection | undefined;
  private connecting: Promise<boolean> | undefined;
  private serial = 0;
  /** Bumped by stop() and fatal errors: connection loops and waits started before then give up. */
  private epoch = 0;
  private retryWait: { handle: unknown; wake: () => void } | undefined;
  private idleTimer: unknown;
  private idleMs: number;

  private muted = false;
  private talkHeld = false;
  private heldSamples = 0;
  private pendingAudio: Uint8Array[] = [];
  private pendingAudioBytes = 0;
  private userTurn = 0;

  // Per connection ---------------------------------------------------------------------------
  private readonly responses = new ResponseTracker((event) => this.send(event));
  private readonly replies = new ReplyAudioLedger();
  private readonly tools: ToolCalls;
  private readonly captions: CaptionStream;
  /** The service said the session reached its time limit; the close that follows is expected. */
  private expiring = false;
  private fatalError = false;
  /** Events held back until the service has answered this connection's session.update. */
  private held: RealtimeClientEvent[] | undefined;
  private holdTimer: unknown;
  private readonly captionModels: CaptionModels;

  constructor(private readonly options: RealtimeSessionOptions) {
    this.log = options.logger ?? silentLogger;
    const onListenerError = (error: unknown, event: string | number | symbol) =>
      this.log.error('realtime listener failed', { event: String(event), error: String(error) });
    this.emitter = new Events(onListenerError);
    this.tools = new ToolCalls(options.look);
    this.captions = new CaptionStream(onListenerError);
    this.captions.on('caption', (caption) => this.emitter.emit('caption', caption));
    this.captionModels = new CaptionModels(() => this.config.transcriptionModels, onListenerError);
    this.captionModels.on('transcriptionRefused', (model) => this.emitter.emit('transcriptionRefused', model));
    this.captionModels.on('captionsUnavailable', (notice) => this.emitter.emit('captionsUnavailable', notice));
    this.clock = options.clock ?? realClock;
    this.idleMs = options.idleTimeoutMs ?? 0;
    this.random = options.random ?? Math.random;
    this.model = options.model;
    this.config = { ...options.config, canLook: options.config.canLook && options.look !== undefined };
    this.vad = options.config.turnDetection === 'manual' ? 'server_vad' : options.config.turnDetection;
    this.inputModeValue =
      options.inputMode ?? (options.config.turnDetection === 'manual' ? 'push-to-talk' : 'hands-free');
  }

  // ---- public API ---------------------------------------------------------------------------

  on<K extends keyof RealtimeSessionEvents>(event: K, listener: RealtimeSessionEvents[K]): () => void {
    return this.emitter.on(event, listener);
  }

  get state(): RealtimeState {
    return this.stateValue;
  }

  get inputMode(): InputMode {
    return this.inputModeValue;
  }

  get connected(): boolean {
    return this.conn !== undefined;
  }

  /** The text of the conversation so far (what a reconnect replays). */
  get transcript(): readonly HistoryEntry[] {
    return this.history.entries;
  }

  /** Connects if not connected; resolves true once the session is ready, false if it could not be. */
  start(): Promise<boolean> {
    if (this.conn) return Promise.resolve(true);
    if (this.connecting) return this.connecting;
    this.fatalError = false;
    return this.connectLoop('connecting');
  }

  /** Ends the conversation: closes the socket, drops audio still arriving. The history is kept for start(). */
  stop(): void {
    this.shutDown();
    this.setState('closed');
  }

  /** Forgets the conversation so the next start() begins afresh. */
  clearHistory(): void {
    this.history.clear();
  }

  /**
   * Microphone audio, PCM16 mono 24 kHz little-endian, ideally 20–40 ms at a time. Dropped while
   * muted, and in push-to-talk mode while the key is up; kept briefly while (re)connecting.
   */
  appendAudio(pcm16: Uint8Array): void {
    if (this.muted || pcm16.byteLength === 0) return;
    if (this.inputModeValue === 'push-to-talk' && !this.talkHeld) return;
    if (this.talkHeld) this.heldSamples += pcm16.byteLength >> 1;
    if (this.conn) {
      this.send({ type: 'input_audio_buffer.append', audio: base64(pcm16) });
      return;
    }
    if (this.connecting) this.keepPendingAudio(pcm16);
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  setInputMode(mode: InputMode): void {
    if (mode === this.inputModeValue) return;
    this.inputModeValue = mode;
    if (mode === 'hands-free' && this.talkHeld) {
      this.talkHeld = false;
      this.send({ type: 'input_audio_buffer.clear' });
    }
    this.sendSessionUpdate();
  }

  /** New voice, speed, language…: applied now if connected, and to every later connection. */
  updateConfig(config: SessionConfig): void {
    const before = JSON.stringify(this.effectiveConfig());
    this.config = { ...config, canLook: config.canLook && this.options.look !== undefined };
    if (config.turnDetection !== 'manual') this.vad = config.turnDetection;
    // Any settings change reaches here; the service hears only about ones that change the session.
    if (JSON.stringify(this.effectiveConfig()) !== before) this.sendSessionUpdate();
  }

  /** Push-to-talk key down: stop any reply, start a fresh turn. Switches to push-to-talk mode. */
  async pressTalk(): Promise<boolean> {
    this.talkHeld = true;
    this.heldSamples = 0;
    this.clearPendingAudio();
    this.userTurn++;
    this.touch();
    if (this.inputModeValue !== 'push-to-talk') {
      this.inputModeValue = 'push-to-talk';
      this.sendSessionUpdate();
    }
    this.interruptPlayback('talk');
    if (this.conn) {
      this.send({ type: 'input_audio_buffer.clear' });
      this.setState('listening');
      return true;
    }
    // A fresh session's buffer is empty: audio kept while connecting is exactly this turn's.
    return this.start();
  }

  /** Push-to-talk key up: the turn is complete, ask for the answer. */
  async releaseTalk(): Promise<void> {
    if (!this.talkHeld) return;
    if (!this.conn && this.connecting) await this.connecting;
    this.talkHeld = false;
    if (!this.conn) return;
    if (samplesToMs(this.heldSamples) < MIN_COMMIT_MS) {
      this.send({ type: 'input_audio_buffer.clear' });
      this.emitter.emit('error', { code: 'too-short', message: SPOKEN.tooShort, fatal: false });
      this.setState('listening');
      return;
    }
    this.send({ type: 'input_audio_buffer.commit' });
    this.requestResponse();
  }

  /** A typed question: stops any reply, adds the text and asks for the answer. */
  async sendText(text: string): Promise<boolean> {
    const clean = text.trim();
    if (!clean) return false;
    if (!(await this.start())) return false;
    this.userTurn++;
    this.touch();
    this.interruptPlayback('text');
    this.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: clean }] }
    });
    this.history.add({ role: 'user', text: clean });
    this.requestResponse();
    return true;
  }

  /**
   * Adds a picture (prepared JPEG) to the conversation, with a few words about it if given. No answer
   * is asked for: the user's next question is about it. Call respond() for an answer straight away.
   */
  async addImage(jpeg: Uint8Array, note?: string): Promise<boolean> {
    if (!(await this.start())) return false;
    this.touch();
    this.send(imageItem(jpeg, note));
    return true;
  }

  /** Asks for an answer to what is in the conversation now (e.g. right after addImage). */
  async respond(): Promise<boolean> {
    if (!(await this.start())) return false;
    this.requestResponse();
    return true;
  }

  /**
   * Stop the reply now (a local voice detector heard the user, or a stop key): emits `interrupt`,
   * drops the rest of the reply's audio and cancels the response if it is still being made.
   */
  interrupt(): void {
    this.interruptPlayback('host');
  }

  /**
   * How much of a reply item the user actually heard, in milliseconds, after playback stopped. The
   * service is told to forget the rest (conversation.item.truncate), so its memory matches what was
   * heard. Also fine to call when playback stopped for the host's own reasons.
   */
  reportPlayed(itemId: string, contentIndex: number, playedMs: number): void {
    const item = this.replies.heard(itemId, contentIndex, playedMs);
    if (!item) return;
    if (!this.replies.isItemDropped(itemId)) this.dropReply(item, true);
    // The item must be complete before it can be truncated: wait for its response to end.
    if (this.responses.isActive(item.responseId)) this.replies.truncateWhenDone(itemId);
    else this.sendTruncation(this.replies.truncate(itemId));
  }

  // ---- connecting -----------------------------------------------------------------------------

  private effectiveConfig(): SessionConfig {
    return { ...this.config, turnDetection: this.inputModeValue === 'push-to-talk' ? 'manual' : this.vad };
  }

  /**
   * Connects, retrying with jittered exponential backoff. After a drop even the first attempt waits
   * (many clients cut by the same outage must not all return at once), except after the planned end
   * of a session at its time limit.
   */
  private connectLoop(kind: 'connecting' | 'reconnecting', waitFirst = false): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const epoch = this.epoch;
      const limits = this.options.reconnect ?? {};
      const maxAttempts = kind === 'connecting' ? (limits.initialAttempts ?? 2) : (limits.maxAttempts ?? 6);
      let waits = 0;
      const pause = async (atLeastMs = 0): Promise<boolean> => {
        const backoff = backoffDelay(waits++, {
          baseMs: limits.baseMs ?? DEFAULT_BACKOFF.baseMs,
          maxMs: limits.maxMs ?? DEFAULT_BACKOFF.maxMs,
          random: this.random
        });
        await this.sleep(Math.max(atLeastMs, backoff));
        return epoch === this.epoch;
      };
      this.setState(kind);
      if (waitFirst && !(await pause())) return false;
      for (let attempt = 1; ; attempt++) {
        const key = await this.options.getKey(this.options.endpoint).catch(() => undefined);
        if (epoch !== this.epoch) return false;
        if (!key) {
          const why = await this.options.whyNoKey?.(this.options.endpoint).catch(() => undefined);
          if (epoch !== this.epoch) return false;
          return this.fail({ code: 'no-key', message: why ?? SPOKEN.noKey, fatal: true });
        }
        let url: string;
        try {
          url = realtimeUrl(this.options.endpoint, this.model);
        } catch (error) {
          return this.fail({ code: 'request', message: SPOKEN.request, fatal: true, detail: (error as Error).message });
        }
        let verdict: Verdict;
        try {
          const client = await RealtimeClient.connect({
            url,
            key,
            ...(this.options.ca ? { ca: this.options.ca } : {})
          });
          if (epoch !== this.epoch) {
            client.close();
            return false;
          }
          this.attach(client, kind === 'reconnecting');
          return true;
        } catch (error) {
          if (epoch !== this.epoch) return false;
          const refused = error instanceof RealtimeHandshakeError ? error : undefined;
          verdict = refused ? classifyHandshake(refused, this.model) : { retry: true };
          this.log.warn('realtime connection failed', { attempt, status: refused?.status, code: refused?.code });
        }
        if (!verdict.retry) return this.fail(verdict.error!);
        if (attempt >= maxAttempts) return this.fail({ code: 'network', message: SPOKEN.gaveUp, fatal: true });
        if (!(await pause(verdict.retryAfterMs))) return false;
      }
    };
    const attempt = run().finally(() => {
      if (this.connecting === attempt) this.connecting = undefined;
    });
    this.connecting = attempt;
    return attempt;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        if (this.retryWait?.wake === wake) this.retryWait = undefined;
        resolve();
      };
      this.retryWait = { handle: this.clock.setTimeout(wake, ms), wake };
    });
  }

  private wakeRetry(): void {
    const wait = this.retryWait;
    if (!wait) return;
    this.clock.clearTimeout(wait.handle);
    wait.wake();
  }

  /** A new socket: configure it exactly as before, restore the conversation, send what was waiting. */
  private attach(client: RealtimeClient, reconnected: boolean): void {
    const conn: Connection = { client, serial: ++this.serial };
    this.conn = conn;
    this.resetPerConnection();
    client.on('event', (event) => this.onServerEvent(conn, event));
    client.on('close', (close) => this.onClose(conn, close));
    client.on('garbage', () => this.log.warn('realtime: a message that is not JSON'));
    this.sendSessionUpdate();
    // A refused session.update changes nothing at all, so while the caption model may yet be refused
    // the rest waits for the answer: no turn is taken in the service's default session meanwhile.
    if (this.captionModels.awaitingAnswer) this.hold(conn);
    const replay = replayItems(this.history.entries, this.options.replayLimits ?? DEFAULT_REPLAY_LIMITS);
    for (const event of replay) this.send(event);
    this.history.forgetItemIds();
    for (const chunk of this.pendingAudio) this.send({ type: 'input_audio_buffer.append', audio: base64(chunk) });
    this.clearPendingAudio();
    this.log.info(reconnected ? 'realtime reconnected' : 'realtime connected', { replayed: replay.length });
    this.setState('listening');
    this.touch();
    if (reconnected) this.emitter.emit('note', { kind: 'reconnected', message: SPOKEN.reconnected });
  }

  private resetPerConnection(): void {
    this.responses.reset();
    this.replies.reset();
    this.tools.reset();
    this.captions.reset();
    this.expiring = false;
    this.captionModels.newConnection();
    this.dropHeld();
  }

  private onClose(conn: Connection, close: RealtimeClose): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.dropHeld();
    // A reply being spoken when the line dropped is remembered as cut off.
    for (const itemId of this.captions.unfinished()) {
      const entry = this.history.find(itemId);
      if (entry?.role === 'assistant') entry.cutOff = true;
    }
    this.log.info('realtime closed', { code: close.code, byClient: close.byClient });
    if (close.byClient || this.fatalError) return;
    const verdict = this.expiring ? { retry: true } : classifyClose(close.code, close.reason);
    if (!verdict.retry) {
      this.fail(verdict.error!);
      return;
    }
    this.clearIdle();
    void this.connectLoop('reconnecting', !this.expiring);
  }

  private closeConnection(): void {
    const conn = this.conn;
    this.conn = undefined;
    this.dropHeld();
    conn?.client.close(1000, 'bye');
  }

  /** Ends everything under way: connection loops and waits give up, the socket closes, held audio goes. */
  private shutDown(): void {
    this.epoch++;
    this.connecting = undefined;
    this.wakeRetry();
    this.clearIdle();
    this.talkHeld = false;
    this.clearPendingAudio();
    this.closeConnection();
  }

  private fail(error: RealtimeSessionError): false {
    this.fatalError = true;
    this.shutDown();
    this.emitter.emit('error', error);
    this.setState('closed');
    return false;
  }

  // ---- idle -----------------------------------------------------------------------------------

  /** A changed quiet time applies at once, counted from now; 0 keeps the conversation open. */
  setIdleTimeout(ms: number): void {
    if (ms === this.idleMs) return;
    this.idleMs = ms;
    this.touch();
  }

  /** Something happened in the conversation: the idle clock starts again. */
  private touch(): void {
    const ms = this.idleMs;
    this.clearIdle();
    if (!(ms > 0) || !this.conn) return;
    this.idleTimer = this.clock.setTimeout(() => this.onIdle(), ms);
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) this.clock.clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private onIdle(): void {
    this.idleTimer = undefined;
    if (!this.conn) return;
    // Never in the middle of something: a reply, a look, or a held talk key.
    if (this.responses.busy || this.tools.pending || this.talkHeld) return this.touch();
    this.closeConnection();
    this.setState('idle');
    const minutes = Math.max(1, Math.round(this.idleMs / 60_000));
    this.emitter.emit('note', { kind: 'idle', message: SPOKEN.idle(minutes) });
  }

  // ---- sending --------------------------------------------------------------------------------

  private send(event: RealtimeClientEvent): boolean {
    const conn = this.conn;
    if (!conn) return false;
    if (this.held) {
      this.held.push(event);
      return true;
    }
    return conn.client.send(event);
  }

  /** The session as configured now, with the caption model to try; never held back. */
  private sendSessionUpdate(): void {
    const conn = this.conn;
    if (!conn) return;
    const { eventId, model } = this.captionModels.nextUpdate();
    conn.client.send({ ...sessionUpdate(this.effectiveConfig(), model), event_id: eventId });
  }

  /** Holds back what is sent on `conn` until its session.update is answered (or a while has passed). */
  private hold(conn: Connection): void {
    this.dropHeld();
    this.held = [];
    this.holdTimer = this.clock.setTimeout(() => {
      this.holdTimer = undefined;
      if (conn === this.conn) {
        this.log.warn('realtime: the service did not answer the session update; carrying on');
        this.release();
      }
    }, SESSION_ANSWER_WAIT_MS);
  }

  /** Sends what was held back, in order. */
  private release(): void {
    const held = this.held;
    this.dropHeld();
    if (!held) return;
    for (const event of held) this.conn?.client.send(event);
  }

  private dropHeld(): void {
    if (this.holdTimer !== undefined) this.clock.clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.held = undefined;
  }

  private requestResponse(): void {
    if (!this.conn) return;
    if (this.responses.request()) this.setState('thinking');
  }

  /** The user took the turn: the host stops playback, the rest of the reply is dropped. */
  private interruptPlayback(reason: RealtimeInterrupt['reason']): void {
    const target = this.replies.lastPassedOn;
    this.emitter.emit('interrupt', {
      itemId: target?.itemId ?? null,
      contentIndex: target?.contentIndex ?? 0,
      reason
    });
    if (target) this.dropReply(target, false);
    const active = this.responses.activeId;
    if (active !== undefined) this.replies.dropResponse(active);
    // Server VAD with interrupt_response cancels the response itself when it hears speech; a cancel
    // from here would race it (response_cancel_not_active). Everything else is ours to cancel.
    const serverCancels = reason === 'speech' && this.effectiveConfig().turnDetection !== 'manual';
    // A response asked for but not yet created is cancelled as soon as it is (see response.created).
    if (!serverCancels && this.responses.busy) this.responses.cancel();
  }

  /** No more audio or captions of this item reach the host; the caption so far becomes final. */
  private dropReply(item: ReplyItem, cancel: boolean): void {
    this.replies.dropItem(item.itemId);
    if (this.responses.isActive(item.responseId)) {
      this.replies.dropResponse(item.responseId);
      if (cancel) this.responses.cancel();
    }
    this.captions.closeInterrupted(item.itemId);
  }

  private sendTruncation(cut: Truncation | undefined): void {
    if (!cut) return;
    this.send({
      type: 'conversation.item.truncate',
      item_id: cut.itemId,
      content_index: cut.contentIndex,
      audio_end_ms: cut.audioEndMs
    });
    const entry = this.history.find(cut.itemId);
    if (entry) {
      entry.text = heardPart(entry.text, cut.audioEndMs, cut.totalMs);
      entry.cutOff = true;
    }
  }

  // ---- receiving ------------------------------------------------------------------------------

  private onServerEvent(conn: Connection, event: RealtimeServerEvent): void {
    if (conn !== this.conn) return;
    this.emitter.emit('serverEvent', event);
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
        this.userTurn++;
        this.touch();
        this.interruptPlayback('speech');
        this.setState('listening');
        return;
      case 'input_audio_buffer.speech_stopped':
        this.setState('thinking');
        return;
      case 'input_audio_buffer.committed':
        if (!this.history.find(event.item_id)) this.history.add({ role: 'user', text: '', itemId: event.item_id });
        return;
      case 'conversation.item.input_audio_transcription.delta':
        return this.captions.add('user', event.item_id, event.delta ?? '', false);
      case 'conversation.item.input_audio_transcription.completed': {
        const entry = this.history.find(event.item_id);
        if (entry) entry.text = event.transcript.trim();
        const seconds = transcribedSeconds(event.usage);
        const model = this.captionModels.accepted;
        if (seconds > 0 && model) this.emitter.emit('captionsUsage', { model, seconds });
        return this.captions.add('user', event.item_id, event.transcript, true);
      }
      case 'response.created': {
        const responseId = event.response.id ?? '';
        if (this.responses.created(responseId)) this.replies.dropResponse(responseId);
        this.touch();
        if (this.stateValue !== 'speaking') this.setState('thinking');
        return;
      }
      case 'response.output_item.added':
        if (isAssistantMessage(event.item) && event.item.id && !this.replies.isResponseDropped(event.response_id)) {
          this.history.add({ role: 'assistant', text: '', itemId: event.item.id });
        }
        return;
      case 'response.output_audio.delta':
        return this.onAudio(event.response_id, event.item_id, event.content_index, event.delta);
      case 'response.output_audio_transcript.delta':
      case 'response.output_text.delta':
        return this.onReplyText(event.response_id, event.item_id, event.delta, false);
      case 'response.output_audio_transcript.done':
        return this.onReplyText(event.response_id, event.item_id, event.transcript, true);
      case 'response.output_text.done':
        return this.onReplyText(event.response_id, event.item_id, event.text, true);
      case 'response.output_item.done':
        if (this.tools.add(event.response_id, event.item, this.userTurn)) this.setState('thinking');
        return;
      case 'response.done':
        return this.onResponseDone(event.response.id ?? '', event.response.status ?? 'completed', event.response);
      case 'session.updated':
        this.captionModels.updated(event.session);
        return this.release();
      case 'error':
        return this.onServiceError(event.error);
      default:
        return;
    }
  }

  private onReplyText(responseId: string, itemId: string, text: string, final: boolean): void {
    const entry = this.history.find(itemId);
    if (entry) entry.text = final ? text : entry.text + text;
    if (this.replies.isDropped(responseId, itemId)) {
      // Unheard words are not shown: close the caption with what was shown so far.
      this.captions.closeInterrupted(itemId);
      return;
    }
    if (!final && this.effectiveConfig().output === 'text') this.setState('speaking');
    this.captions.add('assistant', itemId, text, final);
  }

  private onAudio(responseId: string, itemId: string, contentIndex: number, delta: string): void {
    const samples = this.replies.receive(responseId, itemId, contentIndex, delta);
    if (!samples) return;
    this.setState('speaking');
    this.emitter.emit('audio', { itemId, contentIndex, responseId, samples });
  }

  private onResponseDone(
    responseId: string,
    status: RealtimeResponseDone['status'],
    response: { usage?: Parameters<typeof usageFromResponse>[1] }
  ): void {
    this.responses.done(responseId);
    const usage = usageFromResponse(responseId, response.usage);
    const epoch = this.epoch;
    if (usage) this.emitter.emit('usage', usage);
    // A listener may end the conversation here (the monthly limit reached): nothing more follows then.
    if (epoch !== this.epoch) return;
    for (const cut of this.replies.dueTruncations(responseId)) this.sendTruncation(cut);
    const toolReplies = this.tools.settle(responseId, status);
    if (toolReplies) void this.sendToolReplies(this.conn!, toolReplies);
    this.emitter.emit('responseDone', { responseId, status });
    if (this.responses.takeOwed()) this.requestResponse();
    else if (!this.tools.pending && this.stateValue !== 'listening') this.setState('listening');
    this.touch();
  }

  /** Sends each call's result (and picture), then asks for the answer about it. */
  private async sendToolReplies(conn: Connection, replies: Promise<ToolReplies>): Promise<void> {
    const { events, turns } = await replies;
    // A new session has no such call; the user can simply ask again.
    if (conn !== this.conn) return;
    for (const event of events) this.send(event);
    // If the user has started a new turn meanwhile, its own answer will take the picture into account.
    if (turns.every((turn) => turn === this.userTurn)) this.requestResponse();
    else if (this.stateValue === 'thinking' && this.responses.activeId === undefined) this.setState('listening');
  }

  private onServiceError(error: RealtimeError): void {
    const model = this.captionModels.askedBy(error.event_id);
    if (isTranscriptionRefusal(error, model)) return this.onTranscriptionRefused(error, model);
    // Our session.update refused for another reason: carry on with the session the service has.
    if (this.captionModels.isOurUpdate(error.event_id)) this.release();
    const verdict = classifyServerError(error, this.model);
    this.log.warn('realtime service error', { code: error.code ?? null, type: error.type });
    if (error.code === 'session_expired') this.expiring = true;
    if (error.code === 'conversation_already_has_active_response') this.responses.refused();
    if (verdict.silent || !verdict.error) return;
    if (verdict.error.fatal) {
      this.fail(verdict.error);
      return;
    }
    this.emitter.emit('error', verdict.error);
  }

  /**
   * The service will not caption with `model`: ask again with the next candidate, or with no captions
   * when none is left (said once per session). Never spoken as an error, never the end of anything.
   */
  private onTranscriptionRefused(error: RealtimeError, model: string | null | undefined): void {
    this.log.warn('realtime caption model refused', { model: model ?? null, code: error.code ?? null });
    if (!model) return this.release();
    this.captionModels.refuse(model);
    // Only the latest update matters: a refusal of an older one was dealt with when it came.
    if (!this.captionModels.isLatest(model) || !this.conn) return;
    this.captionModels.sayIfNoneLeft();
    this.sendSessionUpdate();
  }

  // ---- small helpers --------------------------------------------------------------------------

  private setState(state: RealtimeState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.emitter.emit('state', state);
  }

  private keepPendingAudio(pcm16: Uint8Array): void {
    const maxBytes = Math.round(((this.options.maxPendingAudioMs ?? 2000) / 1000) * SAMPLE_RATE * 2);
    // Copy: the caller may reuse (or transfer) its buffer.
    this.pendingAudio.push(pcm16.slice());
    this.pendingAudioBytes += pcm16.byteLength;
    while (this.pendingAudioBytes > maxBytes && this.pendingAudio.length > 1) {
      this.pendingAudioBytes -= this.pendingAudio.shift()!.byteLength;
    }
  }

  private clearPendingAudio(): void {
    this.pendingAudio = [];
    this.pendingAudioBytes = 0;
  }
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function isAssistantMessage(item: ConversationItem): item is ConversationItem & { id?: string } {
  return item.type === 'message' && item.role === 'assistant';
}

/**
 * Seconds of audio a caption covered, from its usage: given as a duration, or as audio tokens, which
 * the service counts at about ten a second.
 */
function transcribedSeconds(usage: unknown): number {
  const u = usage as { type?: string; seconds?: number; input_token_details?: { audio_tokens?: number } } | undefined;
  if (u?.type === 'duration') return u.seconds ?? 0;
  return (u?.input_token_details?.audio_tokens ?? 0) / 10;
}
