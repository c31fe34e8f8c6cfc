import type { IncomingMessage } from 'node:http';
import { invalidKeyError, missingKeyError, type ServiceError } from './errors';

const INSECURE_KEY_PROTOCOL = 'openai-insecure-api-key.';

/** The key a request carries: `Authorization: Bearer …`, or for browser WebSockets the subprotocol. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
    return m ? m[1]!.trim() : auth.trim();
  }
  const protocols = req.headers['sec-websocket-protocol'];
  if (typeof protocols === 'string') {
    for (const p of protocols.split(',').map((s) => s.trim())) {
      if (p.startsWith(INSECURE_KEY_PROTOCOL)) return p.slice(INSECURE_KEY_PROTOCOL.length);
    }
  }
  return undefined;
}

/** null when authorised, otherwise the service's 401 error. */
export function checkAuth(req: IncomingMessage, expected: string): ServiceError | null {
  const key = presentedKey(req);
  if (key === undefined || key === '') return missingKeyError();
  if (key !== expected) return invalidKeyError(key);
  return null;
}
