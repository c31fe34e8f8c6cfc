import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { sep } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import { OcrError } from '../../../../src/core/ocr/errors';
import { installedLanguages, languageDataPath } from '../../../../src/core/ocr/languages';
import { splitIntoBands } from '../../../../src/core/ocr/bands';
import { prepareForOcr } from '../../../../src/core/ocr/preprocess';
import { ImageError } from '../../../../src/core/imaging/errors';
import {
  blocksMixing,
  characterErrorRate,
  consecutive,
  DIALOG_LINES,
  FONTS,
  linePositions,
  maxCharacterErrorRate,
  SIZES,
  TWO_COLUMN_BLOCKS,
  type Theme
} from '../../../ocr-known-text';
import { desktopScreen, dialogScreen, HEADING, headingScreen, textScreen, twoColumnScreen } from './screens';

/*
 * Real OCR on generated screens. One warm engine with two workers (so pages are read in bands) serves
 * the whole file; the network is refused for all of it (fetch, http, https and raw sockets throw on
 * this thread, and the workers run without fetch).
 */

const quiet = { info() {}, warn() {}, error() {} };
const engine = new OcrEngine({ logger: quiet, workers: 2 });
const networkAttempts: string[] = [];

beforeAll(async () => {
  const refuse = (what: string) => () => {
    networkAttempts.push(what);
    throw new Error(`network is blocked in this test (${what})`);
  };
  vi.spyOn(globalThis, 'fetch').mockImplementation(refuse('fetch'));
  vi.spyOn(http, 'request').mockImplementation(refuse('http.request'));
  vi.spyOn(https, 'request').mockImplementation(refuse('https.request'));
  vi.spyOn(net, 'connect').mockImplementation(refuse('net.connect'));
  await engine.warmUp();
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await engine.terminate();
});

const cerCases: { font: string; size: number; theme: Theme }[] = [];
for (const font of FONTS) {
  for (const size of SIZES) cerCases.push({ font, size, theme: size % 8 === 0 ? 'dark' : 'light' });
}
cerCases.push({ font: 'DejaVu Sans', size: 12, theme: 'dark' }, { font: 'DejaVu Serif', size: 14, theme: 'dark' });

describe('OcrEngine on generated screens', () => {
  it('reads from the installed data package only', () => {
    const path = languageDataPath('eng');
    expect(path).toContain(`${sep}node_modules${sep}@tesseract.js-data${sep}eng${sep}4.0.0_best_int`);
    expect(path).not.toMatch(/^[a-z]+:\/\//i);
    expect(installedLanguages()[0]).toBe('eng');
  });

  it.each(cerCases)('reads $font $size px on $theme with a low character error rate', async ({ font, size, theme }) => {
    const screen = await textScreen({ font, size, theme });
    const result = await engine.recognize(screen.png);
    const cer = characterErrorRate(screen.lines.join('\n'), result.lines.map((l) => l.text).join('\n'));
    console.log(`CER ${font} ${size}px ${theme}: ${(cer * 100).toFixed(2)} %`);
    expect(cer).toBeLessThanOrEqual(maxCharacterErrorRate(size));
    expect(result.lines.map((l) => l.text)).toHaveLength(screen.lines.length);
    // Boxes are in the source image's pixels.
    for (const word of result.words) {
      expect(word.box.x + word.box.width).toBeLessThanOrEqual(screen.width);
      expect(word.box.y + word.box.height).toBeLessThanOrEqual(screen.height);
      expect(word.confidence).toBeGreaterThan(0);
    }
  });

  it('reads two columns left column first, paragraph by paragraph', async () => {
    for (const theme of ['light', 'dark'] as const) {
      const screen = await twoColumnScreen(theme);
      const result = await engine.recognize(screen.png);
      const expected = screen.lines.filter(Boolean);
      const cer = characterErrorRate(expected.join('\n'), result.lines.map((l) => l.text).join('\n'));
      console.log(`CER two columns (${theme}): ${(cer * 100).toFixed(2)} %`);
      expect(cer).toBeLessThanOrEqual(0.02);
      const texts = result.lines.map((l) => l.text);
      expect(linePositions(expected, texts)).toEqual(consecutive(0, expected.length));
      expect(result.blocks.map((b) => b.lines.length)).toEqual(TWO_COLUMN_BLOCKS);
    }
  });

  it('reads a dialog drawn over a page as its own blocks, whole and in order', async () => {
    const screen = await dialogScreen();
    const result = await engine.recognize(screen.png);
    const texts = result.lines.map((l) => l.text);
    const found = screen.lines.map((line) => texts.indexOf(line));
    const cer = characterErrorRate(screen.lines.join('\n'), found.map((i) => texts[i] ?? '').join('\n'));
    console.log(`CER dialog: ${(cer * 100).toFixed(2)} %; found at lines ${found.join(', ')}`);
    expect(found.every((index) => index >= 0)).toBe(true);
    expect(found).toEqual(consecutive(found[0]!, found.length));
    // No block mixes dialog text with the page behind it.
    expect(blocksMixing(result, found)).toEqual([]);
    expect(texts.slice(found[0], found[0]! + DIALOG_LINES.length)).toEqual(DIALOG_LINES);
  });

  it('cuts a page into bands between lines only: a heading across the middle is read whole', async () => {
    const screen = await headingScreen();
    const prepared = await prepareForOcr(screen.png);
    const bands = splitIntoBands(prepared.grey, prepared.width, prepared.height, prepared.background, 2);
    expect(bands).toHaveLength(2);
    // Read from scratch: blocks of it drawn the same on pages read before would be recalled, not read.
    engine.forget();
    const before = engine.stats.bands;
    const result = await engine.recognize(screen.png);
    expect(engine.stats.bands - before).toBe(2);
    const heading = result.lines.find((line) => line.text === HEADING);
    expect(heading).toBeDefined();
    // The heading lies across the middle row, where an even split would cut; the cut is beside it.
    const { y, height } = heading!.box;
    expect(y < screen.height / 2 && y + height > screen.height / 2).toBe(true);
    const cut = bands[0]!.bottom / prepared.scale;
    expect(cut <= y || cut >= y + height).toBe(true);
    const cer = characterErrorRate(screen.lines.join('\n'), result.text);
    console.log(`CER heading across bands: ${(cer * 100).toFixed(2)} %`);
    expect(cer).toBeLessThanOrEqual(0.02);
    expect(result.blocks.map((b) => b.lines.length)).toEqual([4, 1, 4]);
  });

  it('reads with two workers what one worker reads, line for line', { timeout: 180_000 }, async () => {
    const single = new OcrEngine({ logger: quiet, workers: 1 });
    try {
      const screens = { desktop: await desktopScreen(), 'two columns': await twoColumnScreen('dark') };
      for (const [name, screen] of Object.entries(screens)) {
        engine.forget(); // read from scratch, not from what earlier tests read
        const before = engine.stats.bands;
        const singleBefore = single.stats.bands;
        const one = await single.recognize(screen.png);
        const two = await engine.recognize(screen.png);
        // One worker reads the same two bands in turn, so the page is cut the same on every machine.
        expect(engine.stats.bands - before).toBe(2);
        expect(single.stats.bands - singleBefore).toBe(2);
        // Tesseract reads a little punctuation differently with less of the page around it ("12." or
        // "12"), so the texts are compared loosely; the lines, their order and their boxes exactly.
        const expected = screen.lines.filter(Boolean).join('\n');
        const cerOne = characterErrorRate(expected, one.lines.map((l) => l.text).join('\n'));
        const cerTwo = characterErrorRate(expected, two.lines.map((l) => l.text).join('\n'));
        const between = characterErrorRate(one.text, two.text);
        console.log(`CER ${name}: one worker ${(cerOne * 100).toFixed(2)} %, two ${(cerTwo * 100).toFixed(2)} %`);
        expect(cerTwo).toBeLessThanOrEqual(cerOne + 0.005);
        expect(between).toBeLessThanOrEqual(0.02);
        expect(two.lines).toHaveLength(one.lines.length);
        two.lines.forEach((line, i) => {
          const other = one.lines[i]!;
          expect(characterErrorRate(other.text, line.text)).toBeLessThanOrEqual(0.1);
          expect(Math.abs(line.box.y - other.box.y)).toBeLessThanOrEqual(2);
          expect(Math.abs(line.box.x - other.box.x)).toBeLessThanOrEqual(20);
        });
        expect(two.words.length).toBeGreaterThan(0);
        for (const word of two.words) expect(word.confidence).toBeGreaterThan(0);
      }
    } finally {
      await single.terminate();
    }
  });

  it('finds no words on a blank screen', async () => {
    for (const background of ['#ffffff', '#1e1e1e']) {
      const blank = await sharp({ create: { width: 1280, height: 720, channels: 3, background } })
        .png()
        .toBuffer();
      const result = await engine.recognize(blank);
      expect(result).toMatchObject({ words: [], lines: [], blocks: [], text: '', width: 1280, height: 720 });
    }
  });

  it('reads a huge image (12000 × 8000) by shrinking it, without crashing', { timeout: 60_000 }, async () => {
    const label = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="3600" height="400"><rect width="100%" height="100%" fill="#fff"/>` +
        `<text x="40" y="250" font-family="DejaVu Sans" font-size="160">Quarterly report</text></svg>`
    );
    const huge = await sharp({ create: { width: 12000, height: 8000, channels: 3, background: '#ffffff' } })
      .composite([{ input: await sharp(label).png().toBuffer(), left: 4000, top: 3000 }])
      .jpeg({ quality: 85 })
      .toBuffer();
    const result = await engine.recognize(huge);
    expect(result.width).toBe(12000);
    expect(result.text).toBe('Quarterly report');
    const box = result.lines[0]!.box;
    expect(box.x).toBeGreaterThan(3900);
    expect(box.x).toBeLessThan(4200);
    expect(box.y).toBeGreaterThan(3000);
  });

  it('says which languages are installed when one is missing', async () => {
    const error = await engine.recognize(Buffer.from('unused'), { lang: 'deu' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OcrError);
    expect((error as OcrError).code).toBe('missing-language');
    expect((error as Error).message).toMatch(/German \(deu\) is not installed\. Installed: English \(eng\)/);
    await expect(engine.recognize(Buffer.from('x'), { lang: '../eng' })).rejects.toMatchObject({
      code: 'bad-language'
    });
  });

  it('refuses a file that is not an image with a spoken ImageError', async () => {
    await expect(engine.recognize(Buffer.from('not an image'))).rejects.toBeInstanceOf(ImageError);
  });

  it('starts a new worker after the worker dies, and the failed read gets a clear error', async () => {
    const screen = await textScreen({ font: 'DejaVu Sans', size: 16, theme: 'light', lines: 2 });
    const started = engine.stats.workersStarted;
    const pending = engine.recognize(screen.png);
    await new Promise((resolve) => setTimeout(resolve, 30));
    await engine.crashForTests();
    const outcome = await pending.then(
      (r) => r.text,
      (e: unknown) => e
    );
    if (outcome instanceof Error) expect(outcome).toMatchObject({ code: 'worker-failed' });
    const again = await engine.recognize(screen.png);
    expect(again.lines).toHaveLength(2);
    expect(engine.stats.workersStarted).toBeGreaterThan(started);
  });

  it('made no network request in any of these reads', () => {
    expect(networkAttempts).toEqual([]);
  });
});
