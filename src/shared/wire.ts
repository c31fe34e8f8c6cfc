/**
 * JSON cannot carry bytes, so on the web host's socket every Uint8Array (images, audio) travels as
 * {"$b64": "…"} and is turned back into a Uint8Array on arrival. Electron IPC needs none of this.
 */
const CHUNK = 0x8000;

function toBase64(bytes: Uint8Array): string {
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

export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $b64: toBase64(value) };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === '$b64' && typeof entries[0]![1] === 'string') {
      try {
        return fromBase64(entries[0]![1]);
      } catch {
        return value; // not base64: left as is, and the contract's validation will refuse it
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}
