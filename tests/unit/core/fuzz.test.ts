import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS } from '../../../src/shared/contract';
import { memoryCore } from '../helpers';

const isResult = (r: unknown) =>
  typeof r === 'object' &&
  r !== null &&
  ((r as { ok: unknown }).ok === true ||
    ((r as { ok: unknown }).ok === false &&
      typeof (r as { error: { code: unknown } }).error.code === 'string' &&
      typeof (r as { error: { message: unknown } }).error.message === 'string'));

describe('fuzzing the router', () => {
  it('answers 10 000 random payloads on every channel with a Result, never a throw', async () => {
    // connection.check would go to the network; its input is still fuzzed, against an unreachable endpoint.
    const core = await memoryCore({
      env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
      fetchImpl: async () => {
        throw new TypeError('fetch failed');
      }
    });
    const channel = fc.oneof(
      fc.constantFrom(...INVOKE_CHANNELS),
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'settings.', '.get', 'settings.get.x')
    );
    const payload = fc.oneof(
      fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
      fc.record({ key: fc.string(), nonce: fc.string(), endpoint: fc.webUrl() }, { requiredKeys: [] }),
      fc.record({ shortcuts: fc.dictionary(fc.string(), fc.anything()) }, { requiredKeys: [] })
    );
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(channel, payload, async (c, p) => {
        runs += 1;
        const result = await core.router.invoke(c, p);
        expect(isResult(result)).toBe(true);
      }),
      { numRuns: 10_000 }
    );
    expect(runs).toBe(10_000);
    // Still healthy afterwards.
    expect(await core.router.invoke('app.ping', { nonce: 'after' })).toEqual({ ok: true, value: { nonce: 'after' } });
  });

  it('answers nesting 100 000 deep, megabyte strings and 100 000 keys on every channel with a short Result', async () => {
    const core = await memoryCore();
    let deepArray: unknown = 1;
    let deepObject: unknown = 1;
    for (let i = 0; i < 100_000; i++) {
      deepArray = [deepArray];
      deepObject = { image: deepObject, nonce: deepObject };
    }
    const huge = 'z'.repeat(2_000_000);
    const manyKeys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const hostile = [
      deepArray,
      deepObject,
      { nonce: deepArray, image: deepObject, shortcuts: deepObject, question: deepArray },
      { nonce: huge, question: huge, key: huge, text: huge, endpoint: huge },
      { [huge]: 1 },
      manyKeys,
      { shortcuts: manyKeys, privacy: manyKeys }
    ];
    for (const channel of [...INVOKE_CHANNELS, huge]) {
      for (const [i, payload] of hostile.entries()) {
        const result = await core.router.invoke(channel, payload);
        expect(isResult(result), `${channel.slice(0, 40)} #${i}`).toBe(true);
        if (!result.ok) expect(result.error.message.length, `${channel.slice(0, 40)} #${i}`).toBeLessThan(600);
      }
    }
    expect(await core.router.invoke('app.ping', { nonce: 'after' })).toEqual({ ok: true, value: { nonce: 'after' } });
  });
});
