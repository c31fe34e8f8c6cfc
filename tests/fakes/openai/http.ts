import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceError } from './errors';
import { requestId } from './ids';

/** Headers the service sends on every response (see the recorded ResponseHeaders). */
export function serviceHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'openai-version': '2020-10-01',
    'openai-organization': 'org-fakelumen',
    'openai-processing-ms': '1',
    'x-request-id': requestId(),
    'x-ratelimit-limit-requests': '30000',
    'x-ratelimit-remaining-requests': '29999',
    'x-ratelimit-limit-tokens': '150000000',
    'x-ratelimit-remaining-tokens': '149999990',
    'x-ratelimit-reset-requests': '2ms',
    'x-ratelimit-reset-tokens': '0s',
    ...extra
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {}
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...serviceHeaders(extraHeaders),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text))
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: ServiceError): void {
  sendJson(res, err.status, err.body, err.headers ?? {});
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes `data` and resolves once it is flushed (or the socket is gone), so pacing reflects the wire. */
export function writeAndDrain(res: ServerResponse, data: string | Buffer): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    res.write(data, () => resolve());
  });
}

/** Ends the response abruptly: the client sees a broken stream, not a clean end. */
export function cutConnection(res: ServerResponse): void {
  res.socket?.destroy();
  res.destroy();
}
