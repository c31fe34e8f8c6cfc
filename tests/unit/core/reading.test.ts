import { describe, expect, it } from 'vitest';
import { NOTHING_READ } from '../../../src/core/reading/text-reading';
import type { ReadAction } from '../../../src/shared/contract';
import { loadSettings } from '../../../src/shared/settings';
import { memoryCore, speakAsPage } from '../helpers';
import { characterErrorRate, SENTENCES } from '../../ocr-known-text';
import { textScreen, twoColumnScreen } from './ocr/screens';

/*
 * Moving through text read aloud, driven through core's router as the renderer drives it, over real
 * OCR of generated screens. Speech goes to "my screen reader", so what Lumen says arrives as text.
 */

async function readingCore(options: { answerSpeech?: boolean } = {}) {
  const core = await memoryCore();
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const said: string[] = [];
  const controls: string[] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'speech.textControl') controls.push((payload as { action: string }).action);
  });
  speakAsPage(core, (u) => said.push(u.text), options.answerSpeech !== false);
  const go = async (action: ReadAction) => {
    const result = await core.router.invoke('read.navigate', { action });
    if (!result.ok) throw new Error(`${action}: ${result.error.message}`);
    return result.value as { text: string; line: number; lines: number };
  };
  return { core, said, controls, go };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

/** OCR of the generated screens is near-perfect, not perfect: lines are compared by error rate. */
const close = (actual: string, expected: string) => characterErrorRate(expected, actual) <= 0.05;

describe('moving through text read aloud', () => {
  it('moves by line, paragraph and word through two columns, spells and repeats, and says each move', async () => {
    const { core, said, go } = await readingCore();
    const screen = await twoColumnScreen('light');
    const read = await core.router.invoke('read.image', { image: new Uint8Array(screen.png), source: 'screen' });
    expect(read).toEqual({ ok: true, value: { lines: 9 } });

    const repeat = await go('repeat');
    expect(repeat).toMatchObject({ line: 1, lines: 9 });
    expect(close(repeat.text, 'Weekly summary')).toBe(true);

    // Down the left column, across its paragraph break.
    const path: Array<[ReadAction, string, number]> = [
      ['next-line', SENTENCES[0]!, 2],
      ['next-line', SENTENCES[1]!, 3],
      ['next-line', SENTENCES[2]!, 4],
      // At a paragraph's first line, "previous paragraph" goes to the one before.
      ['previous-paragraph', SENTENCES[0]!, 2],
      ['next-paragraph', SENTENCES[2]!, 4],
      // The right column comes after the whole left column.
      ['next-paragraph', SENTENCES[4]!, 6],
      ['previous-line', SENTENCES[3]!, 5]
    ];
    for (const [action, expected, line] of path) {
      const before = said.length;
      const answer = await go(action);
      expect(answer.line, action).toBe(line);
      expect(close(answer.text, expected), `${action}: "${answer.text}" for "${expected}"`).toBe(true);
      // What was returned is what was said, whole (the chunker may cut it into pieces).
      const spoken = () => said.slice(before).join(' ').replace(/\s+/g, ' ');
      await until(() => spoken() === answer.text);
      expect(spoken()).toBe(answer.text);
    }

    // "Meeting with Dana moved to Friday at 10:30."
    expect(await go('next-word')).toMatchObject({ text: 'with', line: 5 });
    expect((await go('spell-word')).text).toBe('w, i, t, h');
    expect((await go('previous-word')).text).toBe('Meeting');
    // Before the first word, the last word of the line above: "Battery at 73%, about 2 hours left."
    expect(await go('previous-word')).toMatchObject({ text: 'left.', line: 4 });

    const where = await go('where');
    expect(where.text).toMatch(/ left of the screen, at (7|8|9|10) o'clock\.$/);
    await until(() => said.join(' ').includes("o'clock"));
    expect(said.join(' ')).toContain(where.text);

    // The ends of the text are said, and the cursor stays where it was.
    expect(close((await go('next-paragraph')).text, SENTENCES[4]!)).toBe(true);
    expect(await go('next-paragraph')).toMatchObject({ line: 8 });
    expect(await go('next-paragraph')).toEqual({ text: 'End of the text.', line: 8, lines: 9 });
    expect(close((await go('next-line')).text, SENTENCES[7]!)).toBe(true);
    expect(await go('next-line')).toEqual({ text: 'End of the text.', line: 9, lines: 9 });
    expect(close((await go('repeat')).text, SENTENCES[7]!)).toBe(true);
    for (let i = 0; i < 5; i++) await go('previous-paragraph');
    expect(await go('previous-line')).toEqual({ text: 'Start of the text.', line: 1, lines: 9 });
  }, 60_000);

  it('a move interrupts whatever Lumen was saying', async () => {
    // Nobody answers the text utterances, so reading the whole screen is still "being said".
    const { core, said, controls, go } = await readingCore({ answerSpeech: false });
    const screen = await textScreen({ font: 'DejaVu Sans', size: 20, theme: 'dark', lines: 4 });
    await core.router.invoke('read.image', { image: new Uint8Array(screen.png) });
    await until(() => said.length > 0);
    expect(core.speech.state().speaking).toBe(true);
    const answer = await go('next-line');
    expect(close(answer.text, SENTENCES[1]!)).toBe(true);
    expect(controls).toContain('stop');
    await until(() => said.at(-1) !== said[0]);
    expect(said.slice(1).join(' ')).toContain(answer.text.split(' ')[0]);
    expect(core.speech.state().queued).toBe(0);
  }, 60_000);

  it('says where a region’s text is on the whole screen, and names what was read', async () => {
    const { core, go } = await readingCore();
    const screen = await textScreen({ font: 'DejaVu Sans', size: 24, theme: 'light', lines: 2 });
    const image = new Uint8Array(screen.png);
    // The picture is the bottom-right part of the screen.
    const region = { x: 0.5, y: 0.75, width: 0.5, height: 0.25 };
    expect(await core.router.invoke('read.image', { image, source: 'region', region })).toEqual({
      ok: true,
      value: { lines: 2 }
    });
    expect((await go('where')).text).toMatch(/^Bottom right of the screen, at [345] o'clock\.$/);
    await core.router.invoke('read.image', { image, source: 'window' });
    expect((await go('where')).text).toMatch(/ of the window/);
    await core.router.invoke('read.image', { image });
    // Read as a picture of its own, the same line is placed in that picture.
    expect((await go('where')).text).toMatch(/^[A-Z][a-z]+( [a-z]+)? of the image/);
  }, 60_000);

  it('asks politely for a read before any move', async () => {
    const core = await memoryCore();
    for (const action of ['next-line', 'where', 'spell-word'] as const) {
      expect(await core.router.invoke('read.navigate', { action })).toEqual({
        ok: false,
        error: { code: 'UNAVAILABLE', message: NOTHING_READ }
      });
    }
    expect(NOTHING_READ).toMatch(/^Read some text first/);
  });

  it('rejects bad payloads before anything runs', async () => {
    const core = await memoryCore();
    const image = new Uint8Array([1, 2, 3]);
    const bad: Array<[string, unknown]> = [
      ['read.navigate', {}],
      ['read.navigate', { action: 'jump' }],
      ['read.navigate', { action: 'next-line', extra: 1 }],
      ['read.navigate', 'next-line'],
      ['read.languages', { lang: 'deu' }],
      ['read.image', { image, source: 'camera' }],
      ['read.image', { image, source: 'screen', region: { x: 0, y: 0, width: 1, height: 1 } }],
      ['read.image', { image, source: 'region', region: { x: 0.8, y: 0, width: 0.5, height: 1 } }],
      ['read.image', { image, source: 'region', region: { x: 0, y: 0, width: 0, height: 1 } }],
      ['read.image', { image, source: 'region', region: { x: 0, y: 0, width: 1, height: 1, z: 1 } }],
      ['read.capture', { target: 'region' }],
      ['settings.update', { reading: { language: 'EN' } }],
      ['settings.update', { reading: { language: 'deu; rm -rf' } }],
      ['settings.update', { reading: { language: 'eng', extra: true } }]
    ];
    for (const [channel, payload] of bad) {
      expect(await core.router.invoke(channel, payload), `${channel} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' }
      });
    }
    expect((await core.router.invoke('settings.get', {})) as { value: unknown }).toMatchObject({
      value: { reading: { language: 'eng' } }
    });
  });
});

describe('text-reading languages', () => {
  it('lists the installed languages, English first, and the chosen one', async () => {
    const core = await memoryCore();
    const result = await core.router.invoke('read.languages', {});
    expect(result).toMatchObject({ ok: true, value: { chosen: 'eng' } });
    if (!result.ok) return;
    const { installed } = result.value as { installed: Array<{ code: string; name: string }> };
    expect(installed[0]).toEqual({ code: 'eng', name: 'English (eng)' });
  });

  it('reads in the chosen language, and names the installed ones when its package is missing', async () => {
    const core = await memoryCore();
    const languages = (await core.router.invoke('read.languages', {})) as {
      value: { installed: Array<{ code: string }> };
    };
    const missing = ['deu', 'fra', 'spa', 'zzz'].find((c) => !languages.value.installed.some((l) => l.code === c))!;
    expect(await core.router.invoke('settings.update', { reading: { language: missing } })).toMatchObject({
      ok: true,
      value: { reading: { language: missing } }
    });
    expect((await core.router.invoke('read.languages', {})) as { value: unknown }).toMatchObject({
      value: { chosen: missing }
    });
    const screen = await textScreen({ font: 'DejaVu Sans', size: 16, theme: 'light', lines: 1 });
    const result = await core.router.invoke('read.image', { image: new Uint8Array(screen.png) });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^Text reading in .* is not installed\. Installed: English \(eng\)/);
    expect(result.error.message).toContain(`@tesseract.js-data/${missing}`);
  });

  it('keeps a saved language, and resets only an unreadable one', () => {
    expect(loadSettings({ version: 1 }).settings.reading).toEqual({ language: 'eng', framingCues: 'words' });
    expect(loadSettings({ version: 1, reading: { language: 'fra' } })).toMatchObject({
      settings: { reading: { language: 'fra' } },
      reset: []
    });
    const bad = loadSettings({ version: 1, endpoint: 'https://example.org', reading: { language: 'French!' } });
    expect(bad.settings.reading.language).toBe('eng');
    expect(bad.settings.endpoint).toBe('https://example.org');
    expect(bad.reset).toEqual(['reading language']);
  });
});
