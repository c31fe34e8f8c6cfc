import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stranger's server on 127.0.0.1: it records every request (HTTP or WebSocket upgrade) and its
 * headers, answers 401, and accepts no WebSocket. A key Lumen sent it would show up in `heard`.
 */
export interface KeyProbe {
  /** Base URL, as an endpoint is written ("http://127.0.0.1:PORT/v1"). */
  baseURL: string;
  port: number;
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders }>;
  /** Every Authorization header received. */
  authorizations(): string[];
  /** Whether `secret` appeared in any header of any request. */
  heard(secret: string): boolean;
  close(): Promise<void>;
}

export async function startKeyProbe(): Promise<KeyProbe> {
  const requests: KeyProbe['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'probe', type: 'invalid_request_error', code: 'invalid_api_key' } }));
  });
  server.on('upgrade', (req, socket) => {
    requests.push({ method: 'UPGRADE', url: req.url ?? '', headers: req.headers });
    socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    authorizations: () => requests.flatMap((r) => (r.headers.authorization ? [r.headers.authorization] : [])),
    heard: (secret) => requests.some((r) => JSON.stringify(r.headers).includes(secret)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
