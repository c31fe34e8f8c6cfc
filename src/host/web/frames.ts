/**
 * Binary frames on the web host's WebSocket carry stream chunks as
 * [stream id: uint16 big-endian][bytes]. Shared by the host and the browser shim, so no zod here.
 */
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

/**
 * The page proves it holds the token when it opens the socket, in Sec-WebSocket-Protocol:
 * ["lumen", "lumen-token.<token>"]. The host answers with "lumen" alone, so the token is never sent
 * back. No cookie carries it: cookies are not separated by port, so every other server on
 * 127.0.0.1 would receive it.
 */
export const WS_PROTOCOL = 'lumen';
export const TOKEN_PROTOCOL_PREFIX = 'lumen-token.';
/** The socket's close code when its token is missing or wrong; the page then says it needs the address again. */
export const TOKEN_REFUSED = 4401;

export const tokenProtocols = (token: string) => [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
