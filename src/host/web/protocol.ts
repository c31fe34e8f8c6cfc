import { z } from 'zod';

/**
 * The web host's wire format over its one WebSocket. Text frames carry JSON envelopes; binary
 * frames carry stream chunks as [stream id: uint16 big-endian][bytes].
 */
export const clientMessageSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('invoke'), id: z.number().int().nonnegative(), channel: z.string(), payload: z.unknown() }),
  z.object({ t: z.literal('stream-open'), sid: z.number().int().min(1).max(0xffff), channel: z.string() }),
  z.object({ t: z.literal('stream-close'), sid: z.number().int().min(1).max(0xffff) })
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const STREAM_HEADER_BYTES = 2;

export function packChunk(sid: number, chunk: Uint8Array): Uint8Array {
  const frame = new Uint8Array(STREAM_HEADER_BYTES + chunk.byteLength);
  new DataView(frame.buffer).setUint16(0, sid);
  frame.set(chunk, STREAM_HEADER_BYTES);
  return frame;
}

export function unpackChunk(frame: Uint8Array): { sid: number; chunk: Uint8Array } | undefined {
  if (frame.byteLength < STREAM_HEADER_BYTES) return undefined;
  const sid = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint16(0);
  return { sid, chunk: frame.subarray(STREAM_HEADER_BYTES) };
}

export const WS_PATH = '/lumen-ws';
export const SHIM_PATH = '/lumen-web-shim.js';
export const TOKEN_COOKIE = 'lumen_token';
