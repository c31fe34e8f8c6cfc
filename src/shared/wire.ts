import type { EventChannel, InvokeChannel } from './channels';

/**
 * JSON cannot carry bytes, so on the web host's socket a Uint8Array (a picture) travels as
 * {"$b64": "…"} and is turned back into bytes on arrival, only where the contract has bytes.
 * Electron IPC needs none of this.
 */
const CHUNK = 0x8000;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** A field's place: the keys from the request, the reply's value or the event's payload down to it. */
export type WirePath = readonly string[];

/**
 * Where the contract carries bytes. Kept here, free of zod, because the browser shim decodes with it
 * too; tests/unit/shared/wire.test.ts derives the same list from the contract's schemas, so a new
 * byte field cannot be forgotten. Anything else that looks like {"$b64": …} stays as it came, and
 * validation refuses it.
 */
export const BYTE_FIELDS: {
  request: Partial<Record<InvokeChannel, readonly WirePath[]>>;
  reply: Partial<Record<InvokeChannel, readonly WirePath[]>>;
  event: Partial<Record<EventChannel, readonly WirePath[]>>;
} = {
  request: {
    'describe.start': [['image']],
    'read.image': [['image']],
    'conversation.show': [['image']],
    'capture.check': [['image']],
    'live.frame': [['image']],
    'document.frame': [['image']],
    'watch.frame': [['image']],
    'page.reply': [['reply', 'image']]
  },
  reply: { 'screen.capture': [['image']], 'answer.picture': [['image']] },
  event: {}
};

/**
 * The largest picture a page sends over the web host's socket. Pictures are scaled before they are
 * sent (a describe at most 2048 px on its long side, as JPEG); only a picture read for its text goes
 * at its own size, losslessly, and the page falls back to JPEG, then to a smaller size, to stay below this.
 */
export const MAX_PICTURE_BYTES = 8 * 1024 * 1024;
/** The largest frame the web host takes: such a picture in base64 (4/3 of it) and the message around it. */
export const MAX_FRAME_BYTES = 12 * 1024 * 1024;

/**
 * How deep a message may nest (arrays and objects). Lumen's own go four levels deep at most; a
 * deeper one is refused before anything else looks at it.
 */
export const MAX_NESTING = 32;

/** Encodes every Uint8Array for the socket. Only Lumen's own, validated values pass through here. */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b64: toBase64(value) };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);

function decodeBytes(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== '$b64' || typeof value.$b64 !== 'string') return value;
  try {
    return fromBase64(value.$b64);
  } catch {
    return value; // not base64: left as is, and the contract's validation will refuse it
  }
}

function decodeAt(value: unknown, path: WirePath, index: number): unknown {
  const key = path[index];
  if (key === undefined || !isRecord(value) || !Object.hasOwn(value, key)) return value;
  const inner = value[key];
  const decoded = index === path.length - 1 ? decodeBytes(inner) : decodeAt(inner, path, index + 1);
  return decoded === inner ? value : { ...value, [key]: decoded };
}

/**
 * Turns {"$b64": …} back into bytes at the given fields and nowhere else; the rest of the value is
 * not walked, so its shape and depth cost nothing here. The value given is left untouched.
 */
export function fromWire(value: unknown, paths: readonly WirePath[] = []): unknown {
  let result = value;
  for (const path of paths) result = decodeAt(result, path, 0);
  return result;
}

/**
 * Whether a value parsed from JSON nests arrays or objects more than `limit` deep. Walked with a
 * list instead of recursion, so no input can exhaust the stack; it stops at the first level too deep.
 */
export function nestsDeeperThan(value: unknown, limit = MAX_NESTING): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [current, depth] = item;
    if (typeof current !== 'object' || current === null || ArrayBuffer.isView(current)) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return false;
}
