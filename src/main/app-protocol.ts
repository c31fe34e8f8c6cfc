import { protocol } from 'electron';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { contentType } from '../shared/content-type';
import { APP_HOST, APP_SCHEME } from './app-url';

/** The page's policy, sent with every file as well as written in index.html. */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
  "media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Makes app:// a standard, secure scheme with an origin of its own (app://lumen), which fetch can
 * read and which may hold module scripts and worklets. Must run before the app is ready.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // Module scripts and worklets are fetched in CORS mode; no file says any other origin may read it.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true }
    }
  ]);
}

/** Serves the built renderer on app://lumen/. Call once the app is ready. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, serveRenderer(rendererDir));
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/**
 * The file below `rendererDir` that `url` names, or undefined: only app://lumen/, only a plain
 * path (no `..`, no backslash, no drive, no NUL, even encoded), and only a regular file whose real
 * path (symbolic links followed) is still inside the folder's real path.
 */
export async function rendererFile(rendererDir: string, url: string): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (path === '' || path === '/') path = '/index.html';
  const segments = path.split('/').filter((s) => s !== '');
  if (!segments.length) return undefined;
  if (segments.some((s) => s === '.' || s === '..' || /[\\:\0]/.test(s))) return undefined;
  const root = resolve(rendererDir);
  const full = resolve(root, ...segments);
  if (!inside(root, full)) return undefined;
  try {
    const [realRoot, real] = await Promise.all([realpath(root), realpath(full)]);
    if (!inside(realRoot, real)) return undefined;
    if (!(await stat(real)).isFile()) return undefined;
    return real;
  } catch {
    return undefined;
  }
}

const HEADERS = { 'Content-Security-Policy': RENDERER_CSP, 'X-Content-Type-Options': 'nosniff' };

const refusal = (status: number, text: string) =>
  new Response(text, { status, headers: { ...HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

/** The protocol handler: GET or HEAD of a renderer file, with its type and the page's policy. */
export function serveRenderer(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed.');
    const file = await rendererFile(rendererDir, request.url);
    if (!file) return refusal(404, 'Not found.');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return refusal(404, 'Not found.');
    }
    const headers = { ...HEADERS, 'Content-Type': contentType(file), 'Content-Length': String(body.length) };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
