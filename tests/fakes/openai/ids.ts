import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric string, like the suffixes of the service's ids. */
export function randomId(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % ALPHABET.length];
  return out;
}

// Lengths follow the recorded ids (chatcmpl-D8dV4fIhj9EeF5vu9iDuZYuG5qp3o, event_Ct1OVqJmiaDhg4nkh3JWr, …).
export const chatCompletionId = (): string => `chatcmpl-${randomId(29)}`;
export const eventId = (): string => `event_${randomId(21)}`;
export const itemId = (): string => `item_${randomId(21)}`;
export const responseId = (): string => `resp_${randomId(21)}`;
export const sessionId = (): string => `sess_${randomId(21)}`;
export const conversationId = (): string => `conv_${randomId(21)}`;
export const callId = (): string => `call_${randomId(16)}`;
export const requestId = (): string => `req_${randomBytes(16).toString('hex')}`;
export const systemFingerprint = (): string => `fp_${randomBytes(5).toString('hex')}`;
export const obfuscation = (): string => randomId(4 + (randomBytes(1)[0]! % 12));
