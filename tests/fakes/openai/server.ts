import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { checkAuth } from './auth';
import { handleChat } from './chat';
import { todayOf, type ServerContext } from './context';
import { invalidJsonError, invalidUrlError, modelNotFoundError, statusFaultError } from './errors';
import { delayFor, statusFault } from './faults';
import { readBody, sendError, sendJson } from './http';
import { isAvailable, modelList, modelObject } from './models';
import { boundaryOf, parseMultipart, type Multipart } from './multipart';
import { RealtimeEndpoint } from './realtime/upgrade';
import { handleSpeech } from './speech';
import { sleep } from './timing';
import { handleTranscription } from './transcriptions';
import type { FaultRoute, RecordedRequest } from './types';

function routeOf(method: string, path: string): FaultRoute | null {
  if (method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (method === 'POST' && path === '/v1/audio/speech') return 'speech';
  if (method === 'POST' && path === '/v1/audio/transcriptions') return 'transcriptions';
  if (method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'))) return 'models';
  return null;
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseBody(req: IncomingMessage, raw: Buffer): { body: unknown; form: Multipart | null; badJson: boolean } {
  if (raw.length === 0) return { body: null, form: null, badJson: false };
  const type = req.headers['content-type'] ?? '';
  const boundary = /multipart\/form-data/i.test(type) ? boundaryOf(type) : null;
  if (boundary) {
    const form = parseMultipart(raw, boundary);
    return { body: form, form, badJson: false };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), form: null, badJson: false };
  } catch {
    return { body: text, form: null, badJson: /json/i.test(type) || type === '' };
  }
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export function startServer(
  ctx: ServerContext,
  opts: { port: number; tls?: { cert: string; key: string } }
): Promise<RunningServer> {
  const realtime = new RealtimeEndpoint(ctx);

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Counted from the first byte to the last: what a client holds open at once.
    ctx.inFlight.now += 1;
    ctx.inFlight.most = Math.max(ctx.inFlight.most, ctx.inFlight.now);
    res.once('close', () => (ctx.inFlight.now -= 1));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const { body, form, badJson } = parseBody(req, raw);
    const rec: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req),
      body,
      at: Date.now(),
      aborted: false
    };
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
    });
    ctx.requests.push(rec);
    ctx.onRequest(rec);

    const authError = checkAuth(req, ctx.apiKey);
    if (authError) return sendError(res, authError);
    const route = routeOf(method, url.pathname);
    if (!route) return sendError(res, invalidUrlError(method, url.pathname));
    const faults = ctx.faults.take(route);
    await sleep(delayFor(faults, 'headers'));
    const status = statusFault(faults);
    const model =
      body && typeof body === 'object' && 'model' in body
        ? String((body as { model: unknown }).model)
        : (form?.fields.model ?? 'gpt-4o');
    if (status) return sendError(res, statusFaultError(status.status, model, status.retryAfterSeconds));
    if (badJson) return sendError(res, invalidJsonError());

    switch (route) {
      case 'chat':
        return handleChat(ctx, req, res, body, faults);
      case 'speech':
        return handleSpeech(ctx, req, res, body, faults);
      case 'transcriptions':
        return handleTranscription(ctx, req, res, form, faults);
      case 'models': {
        const id = decodeURIComponent(url.pathname.slice('/v1/models/'.length));
        if (url.pathname === '/v1/models' || id === '')
          return sendJson(res, 200, modelList(todayOf(ctx), ctx.shutdowns));
        return isAvailable(id, todayOf(ctx), ctx.shutdowns)
          ? sendJson(res, 200, modelObject(id, ctx.shutdowns))
          : sendError(res, modelNotFoundError(id));
      }
    }
  };

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, {
          error: { message: `The fake server failed: ${String(err)}`, type: 'server_error', param: null, code: null }
        });
      else res.destroy();
    });
  };
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
    : http.createServer(handler);
  // Keep-alive sockets would hold close() open; tests want a prompt shutdown.
  server.keepAliveTimeout = 1000;

  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(req),
      body: null,
      at: Date.now(),
      aborted: false
    };
    ctx.requests.push(rec);
    ctx.onRequest(rec);
    if (url.pathname !== '/v1/realtime') {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      return;
    }
    realtime.handleUpgrade(req, socket, head, url).catch(() => socket.destroy());
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            realtime.close();
            server.close(() => done());
            server.closeAllConnections();
          })
      });
    });
  });
}
