import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/*
 * The history's file format: AES-256-GCM over its JSON, with a fresh nonce for every write. The tag
 * makes a changed or truncated file fail to open rather than read as something else.
 */

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'lumen-history-1';
/** Bytes of nonce and of tag, exactly: a shorter tag would make a forged record far easier to pass. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

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
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, Buffer.from(key, 'base64'), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(FORMAT));
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]);
  return {
    format: FORMAT,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64')
  };
}

/**
 * The sealed value, or throws when the key is wrong or the record was changed. The nonce and the tag
 * must have exactly the lengths `seal` writes: GCM would otherwise check only as much of the tag as the
 * record holds (4 bytes, say).
 */
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
  const iv = Buffer.from(s.iv, 'base64');
  const tag = Buffer.from(s.tag, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('the sealed history was changed');
  const decipher = createDecipheriv(ALGORITHM, Buffer.from(key, 'base64'), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(FORMAT));
  decipher.setAuthTag(tag);
  const plain = Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}
