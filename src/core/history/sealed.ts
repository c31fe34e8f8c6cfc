import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * The history's file format: AES-256-GCM over its JSON, with a fresh nonce for every write. The tag
 * makes a changed or truncated file fail to open rather than read as something else.
 */

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'lumen-history-1';

export interface Sealed {
  format: typeof FORMAT;
  iv: string;
  tag: string;
  data: string;
}

export function newHistoryKey(): string {
  return randomBytes(32).toString('base64');
}

export function seal(plain: unknown, key: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv(ALGORITHM, Buffer.from(key, 'base64'), iv);
  cipher.setAAD(Buffer.from(FORMAT));
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
  return {
    format: FORMAT,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64')
  };
}

/** The sealed value, or throws when the key is wrong or the record was changed. */
export function unseal(sealed: unknown, key: string): unknown {
  const s = sealed as Partial<Sealed> | undefined;
  if (
    !s ||
    s.format !== FORMAT ||
    typeof s.iv !== 'string' ||
    typeof s.tag !== 'string' ||
    typeof s.data !== 'string'
  ) {
    throw new Error('not a sealed history');
  }
  const decipher = createDecipheriv(ALGORITHM, Buffer.from(key, 'base64'), Buffer.from(s.iv, 'base64'));
  decipher.setAAD(Buffer.from(FORMAT));
  decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
  const plain = Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}
