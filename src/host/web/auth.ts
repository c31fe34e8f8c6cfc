import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX } from './frames';

/** 32 characters of base64url: letters, digits, "-" and "_", all allowed in a WebSocket subprotocol. */
export const newToken = () => randomBytes(24).toString('base64url');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token the page offered in Sec-WebSocket-Protocol ("lumen-token.<token>"), if any. */
export function offeredToken(req: IncomingMessage): string | undefined {
  const header = req.headers['sec-websocket-protocol'];
  if (typeof header !== 'string') return undefined;
  for (const part of header.split(',')) {
    const protocol = part.trim();
    if (protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) return protocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return undefined;
}

/** Only the WebSocket needs the token; the page and its files hold no secret. */
export function isAuthorized(req: IncomingMessage, token: string): boolean {
  const given = offeredToken(req);
  return given !== undefined && sameSecret(given, token);
}

/** Guards against DNS rebinding: only our own loopback names may address the server. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/**
 * A page on another origin must not open our socket, even one that somehow learnt the token.
 * Browsers always send Origin; a local tool without one still needs the token.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}
