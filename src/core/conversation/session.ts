import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeServerEvent
} from 'openai/resources/realtime/realtime';
import type { ConversationCaption, ConversationState, InputMode } from '../../shared/contract';
import { silentLogger, type Logger } from '../ports';
import { Events } from '../util/events';
import { samplesToMs } from './audio-format';
import { CaptionModels } from './caption-models';
import { CaptionStream } from './caption-stream';
import { sessionUpdate, type SessionConfig, type TurnDetectionMode } from './config';
import { ConnectionSupervisor, type ConnectionOptions } from './connection-supervisor';
import { classifyServerError, isTranscriptionRefusal, SPOKEN, type RealtimeSessionError } from './errors';
import { ConversationHistory, heardPart, type ReplayEntry } from './history';
import { imageItem, type LookCallback } from './look';
import { ReplyAudioLedger, type ReplyItem, type Truncation } from './reply-audio-ledger';
import { ResponseTracker } from './response-tracker';
import type { LiveToolCallback } from './live-tool';
import { ToolCalls, type ToolReplies } from './tool-calls';
import { usageFromResponse, type RealtimeUsage } from './usage';

/** The service refuses to commit less than this much audio. */
const MIN_COMMIT_MS = 100;

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

export type { Clock } from './connection-supervisor';

export interface RealtimeSessionOptions extends ConnectionOptions {
  config: SessionConfig;
  /** Default: push-to-talk when config.turnDetection is 'manual', else hands-free. */
  inputMode?: InputMode;
  /** Takes a fresh picture for the model's `look` tool; without it the tool is not offered. */
  look?: LookCallback;
  /** Runs the model's `live_description` tool; without it the tool is not offered. */
  live?: LiveToolCallback;
  logger?: Logger;
}

/**
 * One spoken conversation over the GA Realtime API. It connects on demand, sends the microphone's
 * audio, passes reply audio and captions to the host, handles barge-in (interrupt → the host reports
 * what was heard → truncate), the `look` tool, idle timeout, and reconnects after drops with the text
 * history replayed so the conversation carries on.
 *
 * It coordinates its parts: the connection (ConnectionSupervisor), the response being made
 * (ResponseTracker), the reply audio and what was heard of it (ReplyAudioLedger), the captions
 * (CaptionStream), the caption model (CaptionModels) and the model's tool calls (ToolCalls).
 */
export class RealtimeSession {
  private readonly emitter: Events<RealtimeSessionEvents>;
  private readonly log: Logger;
  private readonly model: string;
  private config: SessionConfig;
  private inputModeValue: InputMode;
  /** The VAD used in hands-free mode. */
  private vad: Exclude<TurnDetectionMode, 'manual'>;
  private readonly history = new ConversationHistory();
  private stateValue: RealtimeState = 'idle';

  private muted = false;
  private talkHeld = false;
  private heldSamples = 0;
  private userTurn = 0;

  private readonly supervisor: ConnectionSupervisor;
  private readonly captionModels: CaptionModels;
  // Per connection ---------------------------------------------------------------------------
  private readonly responses = new ResponseTracker((event) => this.send(event));
  private readonly replies = new ReplyAudioLedger();
  private readonly captions: CaptionStream;
  private readonly tools: ToolCalls;

  constructor(private readonly options: RealtimeSessionOptions) {
    this.log = options.logger ?? silentLogger;
    const onListenerError = (error: unknown, event: string | number | symbol) =>
      this.log.error('realtime listener failed', { event: String(event), error: String(error) });
    this.emitter = new Events(onListenerError);
    this.model = options.model;
    this.config = this.offered(options.config);
    this.vad = options.config.turnDetection === 'manual' ? 'server_vad' : options.config.turnDetection;
    this.inputModeValue =
      options.inputMode ?? (options.config.turnDetection === 'manual' ? 'push-to-talk' : 'hands-free');
    this.tools = new ToolCalls(options.look, options.live);
    this.captions = new CaptionStream(onListenerError);
    this.captions.on('caption', (caption) => this.emitter.emit('caption', caption));
    this.captionModels = new CaptionModels(() => this.config.transcriptionModels, onListenerError);
    this.captionModels.on('transcriptionRefused', (model) => this.emitter.emit('transcriptionRefused', model));
    this.captionModels.on('captionsUnavailable', (notice) => this.emitter.emit('captionsUnavailable', notice));
    this.supervisor = new ConnectionSupervisor({
      ...options,
      history: this.history,
      busy: () => this.responses.busy || this.tools.pending || this.talkHeld,
      logger: this.log,
      onListenerError
    });
    this.supervisor.on('connecting', (kind) => this.setState(kind));
    this.supervisor.on('opened', () => this.configureConnection());
    this.supervisor.on('connected', (reconnected) => {
      this.setState('listening');
      if (reconnected) this.emitter.emit('note', { kind: 'reconnected', message: SPOKEN.reconnected });
    });
    this.supervisor.on('serverEvent', (event) => this.onServerEvent(event));
    this.supervisor.on('dropped', () => this.rememberCutOffReplies());
    this.supervisor.on('failed', (error) => {
      this.talkHeld = false;
      this.emitter.emit('error', error);
      this.setState('closed');
    });
    this.supervisor.on('idle', (quietMs) => {
      this.setState('idle');
      const minutes = Math.max(1, Math.round(quietMs / 60_000));
      this.emitter.emit('note', { kind: 'idle', message: SPOKEN.idle(minutes) });
    });
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
    return this.supervisor.connected;
  }

  /** The text of the conversation so far (what a reconnect replays). */
  get transcript(): readonly ReplayEntry[] {
    return this.history.entries;
  }

  /** Connects if not connected; resolves true once the session is ready, false if it could not be. */
  start(): Promise<boolean> {
    return this.supervisor.start();
  }

  /** Ends the conversation: closes the socket, drops audio still arriving. The history is kept for start(). */
  stop(): void {
    this.supervisor.stop();
    this.talkHeld = false;
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
    this.supervisor.sendAudio(pcm16);
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
    this.config = this.offered(config);
    if (config.turnDetection !== 'manual') this.vad = config.turnDetection;
    // Any settings change reaches here; the service hears only about ones that change the session.
    if (JSON.stringify(this.effectiveConfig()) !== before) this.sendSessionUpdate();
  }

  /** A changed quiet time applies at once, counted from now; 0 keeps the conversation open. */
  setIdleTimeout(ms: number): void {
    this.supervisor.setIdleTimeout(ms);
  }

  /** Push-to-talk key down: stop any reply, start a fresh turn. Switches to push-to-talk mode. */
  async pressTalk(): Promise<boolean> {
    this.talkHeld = true;
    this.heldSamples = 0;
    this.supervisor.discardPendingAudio();
    this.userTurn++;
    this.supervisor.touch();
    if (this.inputModeValue !== 'push-to-talk') {
      this.inputModeValue = 'push-to-talk';
      this.sendSessionUpdate();
    }
    this.interruptPlayback('talk');
    if (this.supervisor.connected) {
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
    const connecting = this.supervisor.connecting;
    if (!this.supervisor.connected && connecting) await connecting;
    this.talkHeld = false;
    if (!this.supervisor.connected) return;
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
    this.supervisor.touch();
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
    this.supervisor.touch();
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

  // ---- each connection ------------------------------------------------------------------------

  /** The config with only the tools this session can run offered to the model. */
  private offered(config: SessionConfig): SessionConfig {
    return {
      ...config,
      canLook: config.canLook && this.options.look !== undefined,
      canWatchLive: config.canWatchLive && this.options.live !== undefined
    };
  }

  private effectiveConfig(): SessionConfig {
    return { ...this.config, turnDetection: this.inputModeValue === 'push-to-talk' ? 'manual' : this.vad };
  }

  /** A new socket: nothing of the old one applies; the session is configured exactly as before. */
  private configureConnection(): void {
    this.responses.reset();
    this.replies.reset();
    this.captions.reset();
    this.tools.reset();
    this.captionModels.newConnection();
    this.sendSessionUpdate();
    // A refused session.update changes nothing at all, so while the caption model may yet be refused
    // the rest waits for the answer: no turn is taken in the service's default session meanwhile.
    if (this.captionModels.awaitingAnswer) this.supervisor.hold();
  }

  /** A reply being spoken when the line dropped is remembered as cut off. */
  private rememberCutOffReplies(): void {
    for (const itemId of this.captions.unfinished()) {
      const entry = this.history.find(itemId);
      if (entry?.role === 'assistant') entry.cutOff = true;
    }
  }

  // ---- turns and replies ----------------------------------------------------------------------

  private requestResponse(): void {
    if (!this.supervisor.connected) return;
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

  private onServerEvent(event: RealtimeServerEvent): void {
    this.emitter.emit('serverEvent', event);
    switch (event.type) {
      case 'input_audio_buffer.speech_started':
        this.userTurn++;
        this.supervisor.touch();
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
        this.supervisor.touch();
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
        return this.supervisor.release();
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
    const conn = this.supervisor.connection;
    if (usage) this.emitter.emit('usage', usage);
    // A listener may end the conversation here (the monthly limit reached): nothing more follows then.
    if (conn !== this.supervisor.connection) return;
    for (const cut of this.replies.dueTruncations(responseId)) this.sendTruncation(cut);
    const toolReplies = this.tools.settle(responseId, status);
    if (toolReplies) void this.sendToolReplies(conn, toolReplies);
    this.emitter.emit('responseDone', { responseId, status });
    if (this.responses.takeOwed()) this.requestResponse();
    else if (!this.tools.pending && this.stateValue !== 'listening') this.setState('listening');
    this.supervisor.touch();
  }

  /** Sends each call's result (and picture), then asks for the answer about it. */
  private async sendToolReplies(conn: object | undefined, replies: Promise<ToolReplies>): Promise<void> {
    const { events, turns } = await replies;
    // A new session has no such call; the user can simply ask again.
    if (conn !== this.supervisor.connection) return;
    for (const event of events) this.send(event);
    // If the user has started a new turn meanwhile, its own answer will take the picture into account.
    if (turns.every((turn) => turn === this.userTurn)) this.requestResponse();
    else if (this.stateValue === 'thinking' && this.responses.activeId === undefined) this.setState('listening');
  }

  private onServiceError(error: RealtimeError): void {
    const model = this.captionModels.askedBy(error.event_id);
    if (isTranscriptionRefusal(error, model)) return this.onTranscriptionRefused(error, model);
    // Our session.update refused for another reason: carry on with the session the service has.
    if (this.captionModels.isOurUpdate(error.event_id)) this.supervisor.release();
    const verdict = classifyServerError(error, this.model);
    this.log.warn('realtime service error', { code: error.code ?? null, type: error.type });
    if (error.code === 'session_expired') this.supervisor.expectClose();
    if (error.code === 'conversation_already_has_active_response') this.responses.refused();
    if (verdict.silent || !verdict.error) return;
    if (verdict.error.fatal) {
      this.supervisor.fail(verdict.error);
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
    if (!model) return this.supervisor.release();
    this.captionModels.refuse(model);
    // Only the latest update matters: a refusal of an older one was dealt with when it came.
    if (!this.captionModels.isLatest(model) || !this.supervisor.connected) return;
    this.captionModels.sayIfNoneLeft();
    this.sendSessionUpdate();
  }

  // ---- small helpers --------------------------------------------------------------------------

  private send(event: RealtimeClientEvent): boolean {
    return this.supervisor.send(event);
  }

  /** The session as configured now, with the caption model to try; never held back. */
  private sendSessionUpdate(): void {
    if (!this.supervisor.connected) return;
    const { eventId, model } = this.captionModels.nextUpdate();
    this.supervisor.sendAhead({ ...sessionUpdate(this.effectiveConfig(), model), event_id: eventId });
  }

  private setState(state: RealtimeState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.emitter.emit('state', state);
  }
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
