import { afterAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../../src/core/app';
import { STARTED, TAKEN_WHOLE } from '../../../../src/core/document/page-guide';
import { GUIDE_CUE_WORDS, type DocumentStatus, type TextUtterance } from '../../../../src/shared/contract';
import { characterErrorRate } from '../../../ocr-known-text';
import { memoryCore } from '../../helpers';
import { LETTER, slideIn, SLIDE_IN_MS } from './pages';

/*
 * Through the app's own road: the contract's channels, the guide, the page prepared and read by the
 * shared text reader into the reading service, and speech (the command line's, which writes what is said).
 */
let core: Core | undefined;
let locked: Core | undefined;
afterAll(() => Promise.all([core?.close(), locked?.close()]));

describe('reading a letter with the camera', { timeout: 120_000 }, () => {
  it('guides the page in, reads it aloud from the start, and keeps it for moving line by line', async () => {
    const clock = { now: 0 };
    const said: string[] = [];
    let signedOff = () => {};
    // The letter ends with its signature: once that is said, the whole page has been.
    const signed = new Promise<void>((resolve) => (signedOff = resolve));
    core = await memoryCore({
      host: 'cli',
      now: () => clock.now,
      write: ({ text }: TextUtterance) => {
        said.push(text);
        if (/Customer/.test(text)) signedOff();
      }
    });
    const states: DocumentStatus['state'][] = [];
    core.subscribe(
      (channel, payload) => channel === 'document.state' && states.push((payload as DocumentStatus).state)
    );
    expect(await core.router.invoke('document.start', {})).toEqual({ ok: true, value: { state: 'guiding' } });

    const results: string[] = [];
    for (const [i, image] of (await slideIn()).entries()) {
      clock.now = i * SLIDE_IN_MS;
      const reply = await core.router.invoke('document.frame', { image });
      if (!reply.ok) throw new Error(reply.error.message);
      results.push((reply.value as { result: string }).result);
      if (results.at(-1) === 'taken') break;
    }
    await signed;
    expect(states.slice(-2)).toEqual(['reading', 'off']);

    const transcript = said.join(' ');
    expect(transcript.startsWith(STARTED)).toBe(true);
    const order = [
      GUIDE_CUE_WORDS['no-page'],
      GUIDE_CUE_WORDS['move-right'],
      GUIDE_CUE_WORDS['hold-still'],
      TAKEN_WHOLE
    ].map((cue) => transcript.indexOf(cue));
    expect(order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    const letter = transcript.slice(transcript.indexOf(TAKEN_WHOLE) + TAKEN_WHOLE.length);
    expect(characterErrorRate(LETTER.join('\n'), letter)).toBeLessThanOrEqual(0.03);

    // The page read is the reading service's text: the existing reading commands move through it.
    const next = await core.router.invoke('read.navigate', { action: 'next-line' });
    expect(next).toMatchObject({ ok: true, value: { line: 2 } });
    expect(characterErrorRate(LETTER[1]!, (next as { value: { text: string } }).value.text)).toBeLessThanOrEqual(0.03);
  });

  it('says a frame it cannot decode is unreadable, and stops when the screen is locked, saying why', async () => {
    const WHY = 'The screen is locked. Reading with the camera stopped.';
    let heard = () => {};
    const saidWhy = new Promise<void>((resolve) => (heard = resolve));
    const said: string[] = [];
    locked = await memoryCore({
      host: 'cli',
      write: ({ text }: TextUtterance) => {
        said.push(text);
        if (said.join(' ').includes(WHY)) heard();
      }
    });
    const states: DocumentStatus['state'][] = [];
    locked.subscribe(
      (channel, payload) => channel === 'document.state' && states.push((payload as DocumentStatus).state)
    );
    await locked.router.invoke('document.start', {});
    expect(await locked.router.invoke('document.frame', { image: new Uint8Array([1, 2, 3]) })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('could not read that image') }
    });
    locked.away('lock-screen');
    expect(states).toEqual(['guiding', 'off']);
    await saidWhy;
    const frame = await locked.router.invoke('document.frame', { image: new Uint8Array([1, 2, 3]) });
    expect(frame).toMatchObject({ ok: false, error: { message: 'Reading with the camera is not on.' } });
  });
});
