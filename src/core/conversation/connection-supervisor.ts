import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import type { Logger } from '../ports';
import { Events } from '../util/events';
import { SAMPLE_RATE } from '../../shared/audio-frames';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { RealtimeClient, RealtimeHandshakeError, type RealtimeClose } from './client';
import { classifyClose, classifyHandshake, SPOKEN, type RealtimeSessionError, type Verdict } from './errors';
import { DEFAULT_REPLAY_LIMITS, replayItems, type ConversationHistory, type ReplayLimits } from './history';
import { realtimeUrl } from './url';

/** How long a new connection holds back everything else while its session.update is unanswered. */
export const SESSION_ANSWER_WAIT_MS = 3000;

export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/** Where the conversation connects, how it retries, and when it lets the connection go. */
export interface ConnectionOptions {
  /** The configured base URL, e.g. from resolveEndpoint() ("https://api.openai.com/v1"). */
  endpoint: string;
  /** The API key for `endpoint`, fetched afresh for every connection (SecretStore.getKey). */
  getKey: (endpoint: string) => Promise<string | undefined>;
  /** Why no key may go to `endpoint` although Lumen holds one; said instead of "No API key is set". */
  whyNoKey?: (endpoint: string) => Promise<string | undefined>;
  /** The Realtime model, as the model service chose it. */
  model: string;
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
}

export interface ConnectionSupervisorOptions extends ConnectionOptions {
  /** The conversation so far, replayed into every new connection. */
  history: ConversationHistory;
  /** Something is under way that the idle timeout must not cut short. */
  busy: () => boolean;
  logger: Logger;
  onListenerError?: (error: unknown, event: keyof ConnectionEvents) => void;
}

export type ConnectionEvents = {
  /** Connecting has begun: the first time, or again after the connection dropped. */
  connecting: (kind: 'connecting' | 'reconnecting') => void;
  /** A new socket is open and nothing is sent on it yet: the moment to configure the session. */
  opened: (reconnected: boolean) => void;
  /** The conversation is restored on the new socket: history replayed, audio said meanwhile sent. */
  connected: (reconnected: boolean) => void;
  /** An event from the service on the current socket. */
  serverEvent: (event: RealtimeServerEvent) => void;
  /** The socket closed under the conversation; a reconnect or the end follows. */
  dropped: (close: RealtimeClose) => void;
  /** The conversation cannot go on; everything under way has stopped. */
  failed: (error: RealtimeSessionError) => void;
  /** Closed after `quietMs` without anything happening; it connects again on demand. */
  idle: (quietMs: number) => void;
};

interface Connection {
  client: RealtimeClient;
}

/**
 * The connection of one conversation: connects on demand, retries with backoff, reconnects after
 * drops with the history replayed, tells a close to retry from one to give up on, and closes after
 * the idle timeout. What is sent goes through it, held back while a new session.update is unanswered.
 */
export class ConnectionSupervisor {
  private readonly events: Events<ConnectionEvents>;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private conn: Connection | undefined;
  private connectingNow: Promise<boolean> | undefined;
  /** Bumped by stop() and fatal errors: connection loops and waits started before then give up. */
  private epoch = 0;
  private retryWait: { handle: unknown; wake: () => void } | undefined;
  private idleTimer: unknown;
  private idleMs: number;
  /** The service said the session reached its time limit; the close that follows is expected. */
  private expiring = false;
  /** Events held back until the service has answered this connection's session.update. */
  private held: RealtimeClientEvent[] | undefined;
  private holdTimer: unknown;
  private pendingAudio: Uint8Array[] = [];
  private pendingAudioBytes = 0;

  constructor(private readonly options: ConnectionSupervisorOptions) {
    this.events = new Events(options.onListenerError);
    this.log = options.logger;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.idleMs = options.idleTimeoutMs ?? 0;
  }

  on<K extends keyof ConnectionEvents>(event: K, listener: ConnectionEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  get connected(): boolean {
    return this.conn !== undefined;
  }

  /** The open connection, as a token: late work from an old one is recognised and dropped. */
  get connection(): object | undefined {
    return this.conn;
  }

  /** The connection being made, if one is: resolves true once connected, false if it could not be. */
  get connecting(): Promise<boolean> | undefined {
    return this.connectingNow;
  }

  /** Connects if not connected; resolves true once connected, false if it could not be. */
  start(): Promise<boolean> {
    if (this.conn) return Promise.resolve(true);
    if (this.connectingNow) return this.connectingNow;
    return this.connectLoop('connecting');
  }

  /** Ends everything under way: connection loops and waits give up, the socket closes, kept audio goes. */
  stop(): void {
    this.epoch++;
    this.connectingNow = undefined;
    this.wakeRetry();
    this.clearIdle();
    this.discardPendingAudio();
    this.closeConnection();
  }

  /** The conversation cannot go on: everything stops, and `failed` says why. */
  fail(error: RealtimeSessionError): false {
    this.stop();
    this.events.emit('failed', error);
    return false;
  }

  /** The service said the session reached its time limit: the close that follows is reconnected at once. */
  expectClose(): void {
    this.expiring = true;
  }

  // ---- sending --------------------------------------------------------------------------------

  /** Sends on the open connection, after anything held back; false when there is none. */
  send(event: RealtimeClientEvent): boolean {
    const conn = this.conn;
    if (!conn) return false;
    if (this.held) {
      this.held.push(event);
      return true;
    }
    return conn.client.send(event);
  }

  /** Sends at once, ahead of anything held back (the session.update the hold waits on). */
  sendAhead(event: RealtimeClientEvent): boolean {
    return this.conn?.client.send(event) ?? false;
  }

  /** Microphone audio: sent when connected, kept briefly while (re)connecting, otherwise dropped. */
  sendAudio(pcm16: Uint8Array): void {
    if (this.conn) {
      this.send({ type: 'input_audio_buffer.append', audio: base64(pcm16) });
      return;
    }
    if (this.connectingNow) this.keepPendingAudio(pcm16);
  }

  /** Forgets the audio kept while connecting (a fresh turn starts). */
  discardPendingAudio(): void {
    this.pendingAudio = [];
    this.pendingAudioBytes = 0;
  }

  /** Holds back what is sent on this connection until release() (or a while has passed). */
  hold(): void {
    const conn = this.conn;
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
  release(): void {
    const held = this.held;
    this.dropHeld();
    if (!held) return;
    for (const event of held) this.conn?.client.send(event);
  }

  // ---- idle -----------------------------------------------------------------------------------

  /** A changed quiet time applies at once, counted from now; 0 keeps the conversation open. */
  setIdleTimeout(ms: number): void {
    if (ms === this.idleMs) return;
    this.idleMs = ms;
    this.touch();
  }

  /** Something happened in the conversation: the idle clock starts again. */
  touch(): void {
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
    if (this.options.busy()) return this.touch();
    this.closeConnection();
    this.events.emit('idle', this.idleMs);
  }

  // ---- connecting -----------------------------------------------------------------------------

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
      this.events.emit('connecting', kind);
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
          url = realtimeUrl(this.options.endpoint, this.options.model);
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
          verdict = refused ? classifyHandshake(refused, this.options.model) : { retry: true };
          this.log.warn('realtime connection failed', { attempt, status: refused?.status, code: refused?.code });
        }
        if (!verdict.retry) return this.fail(verdict.error!);
        if (attempt >= maxAttempts) return this.fail({ code: 'network', message: SPOKEN.gaveUp, fatal: true });
        if (!(await pause(verdict.retryAfterMs))) return false;
      }
    };
    const attempt = run().finally(() => {
      if (this.connectingNow === attempt) this.connectingNow = undefined;
    });
    this.connectingNow = attempt;
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

  /** A new socket: configured exactly as before, the conversation restored, what was waiting sent. */
  private attach(client: RealtimeClient, reconnected: boolean): void {
    const conn: Connection = { client };
    this.conn = conn;
    this.expiring = false;
    this.dropHeld();
    client.on('event', (event) => {
      if (conn === this.conn) this.events.emit('serverEvent', event);
    });
    client.on('close', (close) => this.onClose(conn, close));
    client.on('garbage', () => this.log.warn('realtime: a message that is not JSON'));
    this.events.emit('opened', reconnected);
    const replay = replayItems(this.options.history.entries, this.options.replayLimits ?? DEFAULT_REPLAY_LIMITS);
    for (const event of replay) this.send(event);
    this.options.history.forgetItemIds();
    for (const chunk of this.pendingAudio) this.send({ type: 'input_audio_buffer.append', audio: base64(chunk) });
    this.discardPendingAudio();
    this.log.info(reconnected ? 'realtime reconnected' : 'realtime connected', { replayed: replay.length });
    this.events.emit('connected', reconnected);
    this.touch();
  }

  private onClose(conn: Connection, close: RealtimeClose): void {
    if (conn !== this.conn) return;
    this.conn = undefined;
    this.dropHeld();
    this.events.emit('dropped', close);
    this.log.info('realtime closed', { code: close.code, byClient: close.byClient });
    if (close.byClient) return;
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

  private dropHeld(): void {
    if (this.holdTimer !== undefined) this.clock.clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
    this.held = undefined;
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
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
