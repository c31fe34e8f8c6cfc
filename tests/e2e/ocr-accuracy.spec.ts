import { expect, test, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { sep } from 'node:path';
import {
  blocksMixing,
  characterErrorRate,
  consecutive,
  DIALOG_LINES,
  dialogPageLines,
  FONTS,
  linePositions,
  maxCharacterErrorRate,
  SIZES,
  TWO_COLUMN_BLOCKS,
  type Theme
} from '../ocr-known-text';
import { importSource } from './core-module';
import { dialogScreen, textScreen, twoColumnScreen, type HtmlScreen } from './ocr-screens';

type Ocr = typeof import('../../src/core/ocr');
type OcrResult = import('../../src/core/ocr').OcrResult;
type OcrBox = import('../../src/core/ocr').OcrBox;

/*
 * Offline text reading on screens rendered by Chromium with known text: each page is set with inline
 * content only, photographed at 1280 × 720 (device scale 1), and read by Lumen's OCR engine in this
 * process (one warm engine for the file). The network is blocked on both sides for the whole file:
 * the browser context is offline and every request of the page is aborted (and counted: there are
 * none); here, fetch, http, https and raw sockets throw (and are counted: there are none either), and
 * the engine's workers run without fetch. The language data is read from the installed npm package.
 */

const VIEWPORT = { width: 1280, height: 720 };

// One worker reads the whole file in order: one browser page and one warm engine serve every case.
test.describe.configure({ mode: 'default' });

let ocr: Ocr;
let engine: InstanceType<Ocr['OcrEngine']>;
let context: BrowserContext;
let page: Page;
let cdp: CDPSession;
const pageRequests: string[] = [];
const networkAttempts: string[] = [];
const restore: (() => void)[] = [];
let lastShot: { png: Buffer; text: string } | undefined;

function refuse<T extends object, K extends keyof T>(target: T, key: K, what: string) {
  const original = target[key];
  target[key] = ((..._args: unknown[]) => {
    networkAttempts.push(what);
    throw new Error(`The network is blocked in this test (${what}).`);
  }) as T[K];
  restore.push(() => (target[key] = original));
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  ocr = await importSource<Ocr>('src/core/ocr/index.ts');
  refuse(globalThis, 'fetch', 'fetch');
  refuse(http, 'request', 'http.request');
  refuse(http, 'get', 'http.get');
  refuse(https, 'request', 'https.request');
  refuse(https, 'get', 'https.get');
  refuse(net, 'connect', 'net.connect');
  refuse(net, 'createConnection', 'net.createConnection');
  engine = new ocr.OcrEngine({ logger: { info() {}, warn() {}, error() {} } });
  context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, offline: true });
  await context.route('**/*', (route) => {
    pageRequests.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  page = await context.newPage();
  cdp = await context.newCDPSession(page);
  await engine.warmUp();
});

test.afterAll(async () => {
  await context?.close();
  await engine?.terminate();
  for (const undo of restore.splice(0).reverse()) undo();
});

// A failed case keeps the screen and the text read, in its folder under test-results.
test.afterEach(async () => {
  const testInfo = test.info();
  if (testInfo.status !== testInfo.expectedStatus && lastShot) {
    const png = testInfo.outputPath('screen.png');
    const text = testInfo.outputPath('text-read.txt');
    await writeFile(png, lastShot.png);
    await writeFile(text, lastShot.text);
    await testInfo.attach('screen', { path: png, contentType: 'image/png' });
    await testInfo.attach('text read', { path: text, contentType: 'text/plain' });
  }
  lastShot = undefined;
});

/** Renders the screen in Chromium and reads the screenshot. */
async function read(screen: HtmlScreen): Promise<OcrResult> {
  await page.setContent(screen.html);
  const png = await page.screenshot({ type: 'png' });
  lastShot = { png, text: '' };
  const result = await engine.recognize(png);
  lastShot.text = result.text;
  expect(result).toMatchObject(VIEWPORT);
  return result;
}

/** The installed fonts Chromium drew an element's text with. */
async function fontsOf(selector: string): Promise<string[]> {
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
  const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
  return fonts.map((f) => f.familyName);
}

const texts = (result: OcrResult) => result.lines.map((line) => line.text);
const percent = (rate: number) => `${(rate * 100).toFixed(2)} %`;

/** Says the error rate (in the output and the report), and which lines were misread. */
function report(name: string, expected: string[], read: string[]) {
  const rate = characterErrorRate(expected.join('\n'), read.join('\n'));
  const misread = read.length === expected.length ? expected.flatMap((line, i) => (line === read[i] ? [] : [i])) : [];
  const detail = misread.map((i) => `\n  "${expected[i]}" read as "${read[i]}"`).join('');
  console.log(`CER ${name}: ${percent(rate)}${detail}`);
  test.info().annotations.push({ type: 'CER', description: `${name}: ${percent(rate)}` });
  return rate;
}

const cerCases: { font: string; size: number; theme: Theme }[] = FONTS.flatMap((font) =>
  SIZES.flatMap((size) => (['light', 'dark'] as const).map((theme) => ({ font, size, theme })))
);

test('the language data is read from the installed npm package', () => {
  const path = ocr.languageDataPath('eng');
  expect(path).toContain(`${sep}node_modules${sep}@tesseract.js-data${sep}eng${sep}`);
  expect(path).not.toMatch(/^[a-z]+:\/\//i);
});

for (const { font, size, theme } of cerCases) {
  test(`reads ${font} ${size} px on ${theme} within ${percent(maxCharacterErrorRate(size))} errors, line by line in order`, async () => {
    const screen = textScreen({ font, size, theme });
    const result = await read(screen);
    expect(await fontsOf('main > div')).toEqual([font]);
    const rate = report(`${font} ${size}px ${theme}`, screen.lines, texts(result));
    expect(rate).toBeLessThanOrEqual(maxCharacterErrorRate(size));
    expect(linePositions(screen.lines, texts(result))).toEqual(consecutive(0, screen.lines.length));
    expect(result.lines).toHaveLength(screen.lines.length);
  });
}

for (const theme of ['light', 'dark'] as const) {
  test(`reads two columns on ${theme}: the heading, then the left column's paragraphs, then the right's`, async () => {
    const screen = twoColumnScreen(theme);
    const result = await read(screen);
    const expected = screen.lines.filter(Boolean);
    const rate = report(`two columns ${theme}`, expected, texts(result));
    expect(rate).toBeLessThanOrEqual(0.02);
    expect(linePositions(expected, texts(result))).toEqual(consecutive(0, expected.length));
    expect(result.blocks.map((b) => b.lines.length)).toEqual(TWO_COLUMN_BLOCKS);
  });

  test(`reads a modal dialog over a page on ${theme} as its own blocks, whole and in order`, async () => {
    const screen = dialogScreen(theme);
    const result = await read(screen);
    await expect(page.locator('dialog')).toHaveJSProperty('open', true);
    // The lines read inside the dialog's frame (found by where they are, not what they say).
    const frame = (await page.locator('dialog').boundingBox())!;
    const within = (b: OcrBox) =>
      b.x >= frame.x &&
      b.y >= frame.y &&
      b.x + b.width <= frame.x + frame.width &&
      b.y + b.height <= frame.y + frame.height;
    const inside = result.lines.flatMap((line, i) => (within(line.box) ? [i] : []));
    const dialogTexts = inside.map((i) => texts(result)[i]!);
    const rate = report(`dialog ${theme}`, screen.lines, dialogTexts);
    expect(rate).toBeLessThanOrEqual(0.02);
    expect(dialogTexts.slice(0, DIALOG_LINES.length)).toEqual(DIALOG_LINES);
    expect(dialogTexts).toHaveLength(screen.lines.length);
    // Read one after another, and no block mixes them with the page behind the dialog.
    expect(inside).toEqual(consecutive(inside[0]!, inside.length));
    expect(blocksMixing(result, inside)).toEqual([]);
    // The page's lines wholly above the dialog are read first, whole and in order.
    const bottoms = await page
      .locator('main > div')
      .evaluateAll((lines) => lines.map((l) => l.getBoundingClientRect().bottom));
    const above = dialogPageLines().filter((_, i) => bottoms[i]! <= frame.y);
    expect(above.length).toBeGreaterThanOrEqual(4);
    const aboveRate = characterErrorRate(above.join('\n'), texts(result).slice(0, above.length).join('\n'));
    expect(aboveRate).toBeLessThanOrEqual(0.02);
  });
}

test('neither the page nor the text reader reached for the network', () => {
  expect(pageRequests).toEqual([]);
  expect(networkAttempts).toEqual([]);
});
