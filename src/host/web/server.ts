import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { WebSocketServer } from 'ws';
import type { Core } from '../../core/app';
import type { Logger } from '../../core/ports';
import { isAllowedHost, isAllowedOrigin, isAuthorized, newToken } from './auth';
import { WebConnection } from './connection';
import { SHIM_PATH, TOKEN_REFUSED, WS_PATH, WS_PROTOCOL } from './frames';
import { contentType } from '../../shared/content-type';
import { readStatic } from './static-files';
import { MAX_FRAME_BYTES } from '../../shared/wire';

export interface WebHostOptions {
  core: Core;
  /** The built renderer (out/renderer) and the built shim (out/web/lumen-web-shim.js). */
  rendererDir: string;
  shimFile: string;
  port?: number;
  token?: string;
  /** Where failures of the host itself are told (never the content of a message). */
  logger?: Logger;
  /** A page has started: its audio player, the last thing it starts as it loads, has connected (each time one does). */
  onPageReady?: () => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Pages open at once; a user has one, perhaps two. */
export const MAX_CONNECTIONS = 8;

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(self), display-capture=(self)'
};

/** The shim must run before the renderer's module script, so it goes first in <head>. */
export const injectShim = (html: string) => html.replace('<head>', `<head>\n    <script src="${SHIM_PATH}"></script>`);

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  const rendererDir = resolve(options.rendererDir);
  const [indexHtml, shim] = await Promise.all([
    readFile(join(rendererDir, 'index.html'), 'utf8').then(injectShim),
    readFile(options.shimFile)
  ]);
  let port = 0;
  const sockets = new Set<Socket>();

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra = {}) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
    res.end(body);
  };

  // The page and its files hold no secret, so they need no token (the shim moves it from the address
  // to the socket); only the WebSocket does. Nothing here sets a cookie.
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!isAllowedHost(req.headers.host, port)) return send(res, 421, 'text/plain', 'Wrong host.\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed.\n');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      return send(res, 200, 'text/html; charset=utf-8', indexHtml);
    }
    if (url.pathname === SHIM_PATH) return send(res, 200, 'text/javascript; charset=utf-8', shim);
    const file = await readStatic(rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'Not found.\n');
    send(res, 200, contentType(url.pathname), file);
  });

  const wss = new WebSocketServer({
    noServer: true,
    // A larger frame closes the socket (1009); the page never sends one (see MAX_PICTURE_BYTES).
    maxPayload: MAX_FRAME_BYTES,
    // Answer with "lumen" alone: the token the page offered beside it is never echoed back.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false)
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const allowed =
      url.pathname === WS_PATH && isAllowedHost(req.headers.host, port) && isAllowedOrigin(req.headers.origin, port);
    if (!allowed) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // Our own page without its token (or with an old one) is told so by the close code, which a
      // browser cannot read from a refused handshake, and the page can say what to do. The socket
      // is closed before it carries anything.
      if (!isAuthorized(req, token)) return ws.close(TOKEN_REFUSED, 'This page needs its token.');
      // Each page may hold MAX_IN_FLIGHT_BYTES; so many pages bound what the host holds in all.
      if (wss.clients.size > MAX_CONNECTIONS) return ws.close(1013, 'Too many Lumen pages are open.');
      const connection = new WebConnection(ws, options.core, options.logger, (channel) => {
        if (channel === 'speech.audio') options.onPageReady?.();
      });
      for (const notice of options.core.startupNotices.splice(0)) connection.sendEvent('status', notice);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of wss.clients) client.close(1001, 'Lumen is shutting down');
      wss.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  };
}
