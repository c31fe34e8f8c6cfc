import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { checkAuth } from '../auth';
import { todayOf, type ServerContext } from '../context';
import { missingParamError, modelNotFoundError, statusFaultError, type ServiceError } from '../errors';
import { delayFor, statusFault } from '../faults';
import { serviceHeaders } from '../http';
import { isAvailable } from '../models';
import { sleep } from '../timing';
import { RealtimeSession } from './session';

/** Refuses the upgrade with an HTTP response, as the service does for bad keys or rate limits. */
function refuse(socket: Duplex, err: ServiceError): void {
  const body = JSON.stringify(err.body);
  const reason =
    {
      400: 'Bad Request',
      401: 'Unauthorized',
      404: 'Not Found',
      429: 'Too Many Requests',
      500: 'Internal Server Error',
      503: 'Service Unavailable'
    }[err.status] ?? 'Error';
  const headers = {
    ...serviceHeaders(err.headers ?? {}),
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close'
  };
  const head = [`HTTP/1.1 ${err.status} ${reason}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)].join(
    '\r\n'
  );
  socket.end(`${head}\r\n\r\n${body}`);
}

export class RealtimeEndpoint {
  readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 0,
    // Browsers pass the key as a subprotocol next to "realtime"; the service answers "realtime".
    handleProtocols: (protocols) => (protocols.has('realtime') ? 'realtime' : ([...protocols][0] ?? false))
  });

  constructor(private readonly ctx: ServerContext) {}

  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): Promise<void> {
    socket.on('error', () => undefined);
    const authError = checkAuth(req, this.ctx.apiKey);
    if (authError) return refuse(socket, authError);
    const faults = this.ctx.faults.take('realtime');
    await sleep(delayFor(faults, 'headers'));
    const model = url.searchParams.get('model') ?? '';
    const status = statusFault(faults);
    if (status)
      return refuse(socket, statusFaultError(status.status, model || 'gpt-realtime', status.retryAfterSeconds));
    if (!model) return refuse(socket, missingParamError('model'));
    if (!isAvailable(model, todayOf(this.ctx), this.ctx.shutdowns)) return refuse(socket, modelNotFoundError(model));
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      new RealtimeSession(this.ctx, ws, model, faults).start();
    });
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }
}
