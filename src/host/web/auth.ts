import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE } from './frames';

export const newToken = () => randomBytes(24).toString('base64url');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

/** The token may come in the query (first load) or the cookie set then (assets, WebSocket). */
export function presentedToken(req: IncomingMessage, url: URL): string | undefined {
  return url.searchParams.get('token') ?? cookieToken(req);
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string): boolean {
  const given = presentedToken(req, url);
  return given !== undefined && sameSecret(given, token);
}

/** Guards against DNS rebinding: only our own loopback names may address the server. */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

/**
 * A page on another origin must not open our socket with the user's cookie. Browsers always send
 * Origin; a local tool without one still needs the token.
 */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

export const tokenCookie = (token: string) => `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
