import type { WebSocket } from 'ws';
import type { Core } from '../../core/app';
import type { StreamSession } from '../../core/router';
import type { EventChannel } from '../../shared/contract';
import type { LumenErrorShape } from '../../shared/errors';
import { packChunk, unpackChunk } from './frames';
import { fromWire, toWire } from '../../shared/wire';
import { clientMessageSchema } from './protocol';

/** One browser tab's socket: invokes go to the router, streams are multiplexed by id. */
export class WebConnection {
  private readonly streams = new Map<number, StreamSession>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly socket: WebSocket,
    private readonly core: Core
  ) {
    this.unsubscribe = core.subscribe((channel, payload) => this.sendEvent(channel, payload));
    socket.on('message', (data, isBinary) => {
      if (isBinary) this.onBinary(toBytes(data));
      else void this.onText(data.toString());
    });
    socket.on('close', () => this.dispose());
    socket.on('error', () => this.dispose());
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

  private async onText(text: string) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.protocolError({ code: 'INVALID_REQUEST', message: 'Lumen received a message that is not JSON.' });
    }
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      return this.protocolError(
        { code: 'INVALID_REQUEST', message: 'Lumen received a message it does not understand.' },
        typeof id === 'number' && Number.isInteger(id) && id >= 0 ? id : undefined
      );
    }
    const message = parsed.data;
    if (message.t === 'invoke') {
      const result = await this.core.router.invoke(message.channel, fromWire(message.payload));
      this.sendJson({ t: 'reply', id: message.id, result: toWire(result) });
    } else if (message.t === 'stream-open') {
      this.openStream(message.sid, message.channel);
    } else {
      this.closeStream(message.sid);
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
    for (const session of this.streams.values()) session.onClose();
    this.streams.clear();
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
