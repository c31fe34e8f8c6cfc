import type { WebSocket } from 'ws';
import type { Core } from '../../core/app';
import { silentLogger, type Logger } from '../../core/ports';
import type { StreamSession } from '../../core/router';
import { isInvokeChannel, type EventChannel } from '../../shared/contract';
import type { LumenErrorShape } from '../../shared/errors';
import { packChunk, unpackChunk } from './frames';
import { BYTE_FIELDS, fromWire, MAX_FRAME_BYTES, MAX_NESTING, nestsDeeperThan, toWire } from '../../shared/wire';
import { clientMessageSchema } from './protocol';

const NOT_UNDERSTOOD: LumenErrorShape = {
  code: 'INVALID_REQUEST',
  message: 'Lumen received a message it does not understand.'
};
const TOO_DEEP: LumenErrorShape = {
  code: 'INVALID_REQUEST',
  message: `Lumen received a message nested more than ${MAX_NESTING} levels deep.`
};

/**
 * What one page may have in flight. A request beyond either limit is answered BUSY at once rather
 * than queued: a queue would hold the very frames these limits keep out of memory, and a queued
 * request could wait behind one that waits for it (showing the camera in the conversation waits for
 * the page's page.reply). The page never comes near them: it sends 9 small requests at once as
 * it starts, and one picture at a time.
 */
export const MAX_IN_FLIGHT = 16;
/** Two of the largest frames: what a page's requests may hold at once, pictures included. */
export const MAX_IN_FLIGHT_BYTES = 2 * MAX_FRAME_BYTES;
const BUSY: LumenErrorShape = {
  code: 'BUSY',
  message: 'Lumen is still working on what this window asked before. Please wait a moment, then try again.'
};

/** The request id of a message that has one, so even a refused request gets its own reply. */
function requestId(raw: unknown): number | undefined {
  const id = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

/** One browser tab's socket: invokes go to the router, streams are multiplexed by id. */
export class WebConnection {
  private readonly streams = new Map<number, StreamSession>();
  private readonly unsubscribe: () => void;
  private readonly inFlight = { requests: 0, bytes: 0 };

  constructor(
    private readonly socket: WebSocket,
    private readonly core: Core,
    private readonly logger: Logger = silentLogger,
    private readonly onStreamOpened: (channel: string) => void = () => {}
  ) {
    this.unsubscribe = core.subscribe((channel, payload) => this.sendEvent(channel, payload));
    // Whatever a frame holds, its failure is answered here and never reaches the process.
    socket.on('message', (data, isBinary) => {
      if (isBinary) return this.guarded(() => this.onBinary(toBytes(data)));
      this.guarded(() => this.onText(toBytes(data)));
    });
    socket.on('close', () => this.guarded(() => this.dispose()));
    socket.on('error', () => this.guarded(() => this.dispose()));
  }

  sendEvent(channel: EventChannel, payload: unknown) {
    const checked = this.core.router.checkEvent(channel, payload);
    if (checked.ok) this.sendJson({ t: 'event', channel, payload: toWire(checked.value) });
  }

  private sendJson(message: unknown) {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private protocolError(error: LumenErrorShape, id?: number) {
    this.sendJson(id === undefined ? { t: 'error', error } : { t: 'reply', id, result: { ok: false, error } });
  }

  private guarded(work: () => void) {
    try {
      work();
    } catch (error) {
      this.failed(error);
    }
  }

  /** The last resort: something this code did not foresee. The page hears of it; the host carries on. */
  private failed(error: unknown, id?: number) {
    this.logger.error('web host message failed', { error: String(error).slice(0, 200) });
    try {
      this.protocolError(NOT_UNDERSTOOD, id);
    } catch {
      // The socket itself is gone; there is nobody left to tell.
    }
  }

  /**
   * Parses and checks a frame at once, so that while a request is in flight only what it needs is
   * held (the picture's bytes), not the frame, its text or its base64.
   */
  private onText(frame: Buffer) {
    let raw: unknown;
    try {
      raw = JSON.parse(frame.toString('utf8'));
    } catch {
      return this.protocolError({ code: 'INVALID_REQUEST', message: 'Lumen received a message that is not JSON.' });
    }
    const id = requestId(raw);
    try {
      this.onMessage(raw, id, frame.byteLength);
    } catch (error) {
      this.failed(error, id);
    }
  }

  private onMessage(raw: unknown, id: number | undefined, size: number) {
    if (nestsDeeperThan(raw)) return this.protocolError(TOO_DEEP, id);
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) return this.protocolError(NOT_UNDERSTOOD, id);
    const message = parsed.data;
    if (message.t === 'invoke') {
      const { channel } = message;
      if (this.inFlight.requests >= MAX_IN_FLIGHT || this.inFlight.bytes + size > MAX_IN_FLIGHT_BYTES) {
        return this.protocolError(BUSY, message.id);
      }
      const request = fromWire(message.payload, isInvokeChannel(channel) ? BYTE_FIELDS.request[channel] : undefined);
      void this.answer(message.id, channel, request, size);
    } else if (message.t === 'stream-open') {
      this.openStream(message.sid, message.channel);
    } else {
      this.closeStream(message.sid);
    }
  }

  private async answer(id: number, channel: string, request: unknown, size: number) {
    this.inFlight.requests += 1;
    this.inFlight.bytes += size;
    try {
      const result = await this.core.router.invoke(channel, request);
      this.sendJson({ t: 'reply', id, result: toWire(result) });
    } catch (error) {
      this.failed(error, id);
    } finally {
      this.inFlight.requests -= 1;
      this.inFlight.bytes -= size;
    }
  }

  private openStream(sid: number, channel: string) {
    if (this.streams.has(sid)) {
      return this.sendJson({
        t: 'stream-closed',
        sid,
        error: { code: 'INVALID_REQUEST', message: 'That stream is already open.' }
      });
    }
    const opened = this.core.router.openStream(channel, {
      send: (chunk) => {
        if (this.socket.readyState === this.socket.OPEN) this.socket.send(packChunk(sid, chunk));
      },
      close: (error) => {
        this.streams.delete(sid);
        this.sendJson({ t: 'stream-closed', sid, ...(error ? { error } : {}) });
      }
    });
    if (!opened.ok) return this.sendJson({ t: 'stream-closed', sid, error: opened.error });
    this.streams.set(sid, opened.value);
    this.sendJson({ t: 'stream-opened', sid });
    this.onStreamOpened(channel);
  }

  private closeStream(sid: number) {
    const session = this.streams.get(sid);
    this.streams.delete(sid);
    session?.onClose();
  }

  private onBinary(frame: Uint8Array) {
    const unpacked = unpackChunk(frame);
    const session = unpacked && this.streams.get(unpacked.sid);
    if (!unpacked || !session) {
      return this.protocolError({
        code: 'INVALID_REQUEST',
        message: 'Lumen received data for a stream that is not open.'
      });
    }
    session.onData(unpacked.chunk);
  }

  private dispose() {
    this.unsubscribe();
    const sessions = [...this.streams.values()];
    this.streams.clear();
    for (const session of sessions) this.guarded(() => session.onClose());
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? Buffer.from(data) : data;
}
