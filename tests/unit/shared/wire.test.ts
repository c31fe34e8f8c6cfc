import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract, EVENT_CHANNELS, INVOKE_CHANNELS, REQUEST_CHANNELS } from '../../../src/shared/contract';
import { BYTE_FIELDS, fromWire, MAX_NESTING, nestsDeeperThan, toWire, type WirePath } from '../../../src/shared/wire';

/** A schema that accepts bytes: the contract's `bytes` (z.custom), with or without its refinements. */
const acceptsBytes = (schema: z.ZodType) =>
  schema._zod.def.type === 'custom' &&
  schema.safeParse(new Uint8Array([1])).success &&
  !schema.safeParse('AQ==').success;

/** Every place a schema carries bytes, as key paths; bytes anywhere a path cannot name are an error. */
function bytePaths(schema: z.ZodType, path: string[] = []): string[][] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  if (acceptsBytes(schema)) return [path];
  const inner = (key: string) => bytePaths(def[key] as z.ZodType, path);
  const nowhere = (children: z.ZodType[], what: string) => {
    for (const child of children) {
      if (bytePaths(child).length) throw new Error(`Bytes inside ${what} at ${path.join('.')}: extend wire.ts`);
    }
    return [];
  };
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => bytePaths(v, [...path, k]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return inner('innerType');
    case 'pipe':
      return [...inner('in'), ...inner('out')];
    case 'array':
      return nowhere([def.element as z.ZodType], 'an array');
    case 'record':
      return nowhere([def.valueType as z.ZodType], 'a record');
    case 'union':
      return nowhere(def.options as z.ZodType[], 'a union');
    case 'intersection':
      return [...inner('left'), ...inner('right')];
    case 'tuple':
      return nowhere(def.items as z.ZodType[], 'a tuple');
    case 'lazy':
      throw new Error(`A lazy schema at ${path.join('.')}: extend this walk`);
    default:
      return [];
  }
}

const unique = (paths: string[][]) => [...new Map(paths.map((p) => [p.join('.'), p])).values()];
const listed = (table: Partial<Record<string, readonly WirePath[]>>) =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v!.map((p) => [...p])]));

describe('the wire format', () => {
  it('lists exactly the fields where the contract carries bytes', () => {
    const from = (channels: readonly string[], schemaOf: (c: string) => z.ZodType) =>
      Object.fromEntries(
        channels.map((c) => [c, unique(bytePaths(schemaOf(c)))] as const).filter(([, paths]) => paths.length)
      );
    const defs = contract as unknown as Record<string, { request: z.ZodType; reply: z.ZodType; payload: z.ZodType }>;
    // A reply to core's request comes inside page.reply; a request's payload inside page.request.
    const inside = (key: string, part: 'reply' | 'payload') =>
      unique(REQUEST_CHANNELS.flatMap((c) => bytePaths(defs[c]![part]).map((p) => [key, ...p])));
    const requests = from(INVOKE_CHANNELS, (c) => defs[c]!.request);
    const events = from(EVENT_CHANNELS, (c) => defs[c]!.payload);
    if (inside('reply', 'reply').length) requests['page.reply'] = inside('reply', 'reply');
    if (inside('payload', 'payload').length) events['page.request'] = inside('payload', 'payload');
    expect(listed(BYTE_FIELDS.request)).toEqual(requests);
    expect(listed(BYTE_FIELDS.reply)).toEqual(from(INVOKE_CHANNELS, (c) => defs[c]!.reply));
    expect(listed(BYTE_FIELDS.event)).toEqual(events);
    expect(BYTE_FIELDS.request['describe.start']).toEqual([['image']]);
  });

  it('round-trips bytes at the contract’s byte fields', () => {
    const image = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
    const sent = JSON.parse(JSON.stringify(toWire({ source: 'camera', image })));
    expect(sent.image).toEqual({ $b64: expect.any(String) });
    expect(fromWire(sent, BYTE_FIELDS.request['describe.start'])).toEqual({ source: 'camera', image });
  });

  it('decodes {"$b64": …} only where the contract has bytes, and changes nothing it is given', () => {
    const payload = {
      image: { $b64: 'AQID' },
      question: { $b64: 'AQID' },
      nested: { image: { $b64: 'AQID' } },
      list: [{ $b64: 'AQID' }]
    };
    const copy = structuredClone(payload);
    const decoded = fromWire(payload, [['image']]) as Record<string, unknown>;
    expect(decoded).toEqual({ ...copy, image: new Uint8Array([1, 2, 3]) });
    expect(payload).toEqual(copy);
    expect(fromWire(payload)).toBe(payload);
    expect(fromWire({ image: { $b64: 'not base64!' } }, [['image']])).toEqual({ image: { $b64: 'not base64!' } });
    expect(fromWire({ image: { $b64: 'AQID', more: 1 } }, [['image']])).toEqual({ image: { $b64: 'AQID', more: 1 } });
    const proto = JSON.parse('{"__proto__": {"$b64": "AQID"}, "image": {"$b64": "AQID"}}');
    expect(Object.getPrototypeOf(fromWire(proto, [['image']]))).toBe(Object.prototype);
  });

  it('handles a message nested 100 000 deep without recursing into it', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = i % 2 ? [deep] : { image: deep };
    expect(fromWire({ image: deep }, [['image']])).toEqual({ image: deep });
    expect(nestsDeeperThan(deep)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`))).toBe(true);
  });

  it('measures nesting by arrays and objects, not by bytes or wide values', () => {
    const nest = (levels: number) => {
      let value: unknown = 'leaf';
      for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
      return value;
    };
    expect(nestsDeeperThan(nest(MAX_NESTING))).toBe(false);
    expect(nestsDeeperThan(nest(MAX_NESTING + 1))).toBe(true);
    expect(nestsDeeperThan({ image: new Uint8Array(1 << 20) })).toBe(false);
    expect(nestsDeeperThan(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, [i]])))).toBe(false);
    expect(nestsDeeperThan('text')).toBe(false);
  });
});
