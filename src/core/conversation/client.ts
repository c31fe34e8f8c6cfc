import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import WebSocket from 'ws';
import { AsyncQueue } from '../util/async-queue';
import { Events } from '../util/events';
import { authHeaders } from './url';

/*
 * A thin GA Realtime client over `ws`, typed with the SDK's event types. The SDK's own
 * OpenAIRealtimeWS always rewrites the address to wss:, which breaks plain-ws local endpoints (and the
 * fake server); everything it adds beyond the types is a JSON.stringify away.
 */

export interface RealtimeConnectOptions {
  /** Full wss:/ws: address, e.g. from realtimeUrl(). */
  url: string;
  key: string;
  /** PEM of an extra certificate authority (a local TLS endpoint with its own certificate). */
  ca?: string;
  /** Give up on a handshake that hangs this long. */
  handshakeTimeoutMs?: number;
}

export interface RealtimeClose {
  code: number;
  reason: string;
  /** True when this side asked for the close. */
  byClient: boolean;
}

/** The handshake failed: refused with an HTTP status, or the network never got that far. */
export class RealtimeHandshakeError extends Error {
  constructor(
    message: string,
    /** HTTP status of a refused upgrade; undefined for network failures. */
    readonly status: number | undefined,
    /** The service's error code from the refusal body (e.g. invalid_api_key), or the network error code. */
    readonly code: string | undefined,
    /** Seconds from a retry-after header, when the service gave one. */
    readonly retryAfterSeconds?: number
  ) {
    super(message);
    this.name = 'RealtimeHandshakeError';
  }
}

type ClientListeners = {
  event: (event: RealtimeServerEvent) => void;
  close: (close: RealtimeClose) => void;
  /** A message that was not JSON; the service never sends one, so it is only logged. */
  garbage: (text: string) => void;
};

export class RealtimeClient {
  private readonly emitter = new Events<ClientListeners>();
  private closedBy: RealtimeClose | undefined;
  private closeRequested = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const text = isBinary || typeof data !== 'string' ? Buffer.from(data as Buffer).toString('utf8') : data;
      let event: RealtimeServerEvent;
      try {
        event = JSON.parse(text) as RealtimeServerEvent;
      } catch {
        this.emitter.emit('garbage', text);
        return;
      }
      if (this.closedBy) return;
      this.emitter.emit('event', event);
    });
    ws.on('close', (code, reason) => {
      this.closedBy = { code, reason: reason.toString(), byClient: this.closeRequested };
      this.emitter.emit('close', this.closedBy);
    });
    // After the handshake, errors are always followed by 'close'; that is where they are handled.
    ws.on('error', () => undefined);
  }

  /** Opens the socket; rejects with a RealtimeHandshakeError if the service refuses or cannot be reached. */
  static connect(opts: RealtimeConnectOptions): Promise<RealtimeClient> {
    const ws = new WebSocket(opts.url, {
      headers: authHeaders(opts.key),
      perMessageDeflate: false,
      handshakeTimeout: opts.handshakeTimeoutMs ?? 15_000,
      ...(opts.ca ? { ca: opts.ca } : {})
    });
    return new Promise((resolve, reject) => {
      const fail = (error: RealtimeHandshakeError) => {
        ws.removeAllListeners();
        ws.on('error', () => undefined);
        ws.terminate();
        reject(error);
      };
      ws.once('open', () => {
        ws.removeAllListeners();
        resolve(new RealtimeClient(ws));
      });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < 64 * 1024) body += chunk;
        });
        const done = () => {
          let code: string | undefined;
          let message = `The service refused the connection (HTTP ${res.statusCode}).`;
          try {
            const parsed = JSON.parse(body) as { error?: { code?: string | null; message?: string } };
            code = parsed.error?.code ?? undefined;
            if (parsed.error?.message) message = parsed.error.message;
          } catch {
            // not JSON: keep the generic message
          }
          const retryAfter = Number(res.headers['retry-after']);
          fail(
            new RealtimeHandshakeError(
              message,
              res.statusCode,
              code,
              Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined
            )
          );
        };
        res.once('end', done);
        res.once('error', done);
      });
      ws.once('error', (error: NodeJS.ErrnoException) => {
        fail(new RealtimeHandshakeError(error.message, undefined, error.code ?? 'network'));
      });
    });
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** The close that ended this socket, once it has ended. */
  get closed(): RealtimeClose | undefined {
    return this.closedBy;
  }

  /** Sends one client event; false when the socket is no longer open (the event is dropped). */
  send(event: RealtimeClientEvent): boolean {
    if (!this.isOpen) return false;
    this.ws.send(JSON.stringify(event));
    return true;
  }

  on<K extends keyof ClientListeners>(event: K, listener: ClientListeners[K]): () => void {
    return this.emitter.on(event, listener);
  }

  /**
   * Server events from now on, as an async iterable that ends when the socket closes. Each call
   * subscribes afresh; nothing is buffered for iterators that do not exist.
   */
  events(): AsyncIterable<RealtimeServerEvent> {
    const queue = new AsyncQueue<RealtimeServerEvent>();
    if (this.closedBy) {
      queue.end();
      return queue;
    }
    const offEvent = this.on('event', (e) => queue.push(e));
    const offClose = this.on('close', () => {
      offEvent();
      offClose();
      queue.end();
    });
    return queue;
  }

  /** Closes politely; `terminate` drops the connection at once (used when the peer has gone quiet). */
  close(code = 1000, reason = ''): void {
    this.closeRequested = true;
    if (this.ws.readyState === WebSocket.CLOSED) return;
    if (this.ws.readyState === WebSocket.CONNECTING) return this.ws.terminate();
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.closeRequested = true;
    this.ws.terminate();
  }
}
