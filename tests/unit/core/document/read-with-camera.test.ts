import { afterAll, describe, expect, it } from 'vitest';
import type { Core, CoreDeps } from '../../../../src/core/app';
import { createAssistant } from '../../../../src/core/assistant/assistant-capability';
import { openContext } from '../../../../src/core/context';
import { ScreenService } from '../../../../src/core/screen/screen-service';
import { createDocument } from '../../../../src/core/document/document-capability';
import { STARTED, STOPPED, TAKEN_WHOLE } from '../../../../src/core/document/page-guide';
import { preparePage } from '../../../../src/core/document/prepare-page';
import { ReadingService } from '../../../../src/core/reading/reading-service';
import { createSecretStore, MemoryKeyVault } from '../../../../src/core/secrets';
import { createSpeech } from '../../../../src/core/speech/speech-capability';
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
/** What the tests below opened, closed at the end. */
const closers: Array<() => Promise<unknown>> = [];
afterAll(() => Promise.all([core?.close(), locked?.close(), ...closers.map((close) => close())]));
const slide = await slideIn();

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
    for (const [i, image] of slide.entries()) {
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

/**
 * Core's own pieces (context, speech written out as the command line's, the reading service) around a
 * reading with the camera whose page preparation is held until the test lets it go.
 */
async function heldReading() {
  const said: string[] = [];
  const clock = { now: 0 };
  const deps: CoreDeps = {
    host: 'cli',
    version: '0.0.0-test',
    platform: 'linux',
    secrets: createSecretStore(new MemoryKeyVault(), {}),
    settingsStore: { read: async () => undefined, write: async () => {} },
    env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    write: ({ text }: TextUtterance) => void said.push(text)
  };
  const { ctx } = await openContext(deps, () => {});
  const { speech, close } = createSpeech(ctx, { write: deps.write });
  closers.push(close, () => ctx.recognizer.close());
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const prepare: typeof preparePage = async (image) => {
    await held;
    return preparePage(image);
  };
  const states: DocumentStatus[] = [];
  ctx.events.onAny((channel, payload) => channel === 'document.state' && states.push(payload as DocumentStatus));
  const reader = new ReadingService(ctx, speech);
  const { assistant } = createAssistant(ctx, { speech, reading: reader, screen: new ScreenService(ctx) });
  const reading = createDocument(ctx, { speech, reading: reader, assistant, now: () => clock.now, prepare });
  /** Resolves once everything said before it has been written. */
  const spoken = (text: string) => speech.speak(text, { kind: 'message' }).done;
  return { ...reading, ctx, said, states, clock, release, spoken };
}

describe('stopping reading with the camera', { timeout: 120_000 }, () => {
  const takePage = async (r: Awaited<ReturnType<typeof heldReading>>) => {
    r.guide.start();
    for (const [i, image] of slide.entries()) {
      r.clock.now = i * SLIDE_IN_MS;
      if ((await r.guide.frame(image)) === 'taken') break;
    }
    expect(r.guide.status()).toEqual({ state: 'reading' });
    await r.spoken('(before stop)');
    return r.said.length;
  };

  it("by the app's Stop while guiding: the camera's reading ends, saying so once", async () => {
    const said: string[] = [];
    const stopping = await memoryCore({ host: 'cli', write: ({ text }: TextUtterance) => void said.push(text) });
    closers.push(() => stopping.close());
    const states: DocumentStatus[] = [];
    stopping.subscribe((channel, payload) => channel === 'document.state' && states.push(payload as DocumentStatus));
    await stopping.router.invoke('document.start', {});
    expect(await stopping.router.invoke('assistant.stop', {})).toMatchObject({ ok: true });
    expect(states.at(-1)).toEqual({ state: 'off', stopped: true });
    await stopping.speech.speak('(after stop)', { kind: 'message' }).done;
    expect(said.filter((s) => s === STOPPED)).toHaveLength(1);
    expect(await stopping.router.invoke('document.frame', { image: slide[0]! })).toMatchObject({
      ok: false,
      error: { message: 'Reading with the camera is not on.' }
    });
  });

  it('while the page taken is being prepared: nothing of it is read or said, and "stopped" is said once', async () => {
    const r = await heldReading();
    const before = await takePage(r);
    expect(r.handlers['document.stop']({})).toEqual({ state: 'off', stopped: true });
    // The held step goes on and prepares the page: it is not read, and nothing of it is said.
    r.release();
    await r.guide.reading;
    await r.spoken('(after stop)');
    expect(r.said.slice(before)).toEqual([STOPPED, '(after stop)']);
    expect(r.states.filter((s) => s.state === 'off')).toEqual([{ state: 'off', stopped: true }]);
    expect(r.ctx.recognizer.stats().reads).toBe(0);
  });

  it('while its text is being recognised: the text is not said, and "stopped" is said once', async () => {
    const r = await heldReading();
    const before = await takePage(r);
    // Stopped the moment the text recogniser is given the prepared page.
    const recognize = r.ctx.recognizer.recognize.bind(r.ctx.recognizer);
    r.ctx.recognizer.recognize = (png) => {
      r.handlers['document.stop']({});
      return recognize(png);
    };
    r.release();
    await r.guide.reading;
    await r.spoken('(after stop)');
    expect(r.said.slice(before)).toEqual([STOPPED, '(after stop)']);
    expect(r.ctx.recognizer.stats().reads).toBe(1);
    expect(r.states.filter((s) => s.state === 'off')).toEqual([{ state: 'off', stopped: true }]);
  });
});
