import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../../src/cli/run';
import type { Core } from '../../../../src/core/app';
import { ON_ITS_SIDE, readingConfidence, UPSIDE_DOWN } from '../../../../src/core/document/orientation';
import { TAKEN_WHOLE } from '../../../../src/core/document/page-guide';
import { readPage } from '../../../../src/core/document/read-page';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import type { OcrResult } from '../../../../src/core/ocr/types';
import type { DocumentStatus, TextUtterance } from '../../../../src/shared/contract';
import { characterErrorRate } from '../../../ocr-known-text';
import { memoryCore } from '../../helpers';
import { CONDITIONS, LETTER, photographedPage, stillFrames, TURN_NEEDED, TURNED_CONDITIONS } from './pages';

/*
 * Pages upside down or on their side are turned and read, and that is said; an upright page is read
 * once, as it lies (the common case costs no second reading).
 */
let engine: OcrEngine;
let core: Core | undefined;
beforeAll(async () => {
  engine = new OcrEngine();
  await engine.warmUp();
}, 60_000);
afterAll(() => Promise.all([engine.terminate(), core?.close()]));

/** The engine's reading, counting the readings asked for. */
function counting() {
  const counted = { reads: 0, confidences: [] as number[] };
  const recognize = async (png: Uint8Array): Promise<OcrResult> => {
    counted.reads++;
    const result = await engine.recognize(png);
    counted.confidences.push(readingConfidence(result));
    return result;
  };
  return { counted, recognize };
}

describe('which way up a page lies', { timeout: 60_000 }, () => {
  for (const [name, conditions] of Object.entries(TURNED_CONDITIONS)) {
    it(`reads a page ${name} within 3 %, turned ${TURN_NEEDED[name]}°, and says so`, async () => {
      const photo = await photographedPage(conditions);
      const { counted, recognize } = counting();
      const page = await readPage(photo.jpeg, recognize);
      expect(page.turned).toBe(TURN_NEEDED[name]);
      expect(page.note).toBe(TURN_NEEDED[name] === 180 ? UPSIDE_DOWN : ON_ITS_SIDE);
      expect(characterErrorRate(photo.text, page.result.text)).toBeLessThanOrEqual(0.03);
      // A page on its side is turned a quarter clockwise before reading; when that left it upside
      // down, the first reading is doubted (confidence 30–40) and the page read again turned half round.
      const halfTurned = TURN_NEEDED[name] !== 90;
      expect(counted.reads).toBe(halfTurned ? 2 : 1);
      if (halfTurned) expect(counted.confidences[0]).toBeLessThan(50);
    });
  }

  for (const name of ['flat, facing the camera', 'tilted, turned, lit from one side']) {
    it(`reads an upright page once and does not turn it: ${name}`, async () => {
      const photo = await photographedPage(CONDITIONS[name]);
      const { counted, recognize } = counting();
      const page = await readPage(photo.jpeg, recognize);
      expect(page).toMatchObject({ turned: 0, note: undefined });
      expect(counted.reads).toBe(1);
      expect(counted.confidences[0]).toBeGreaterThan(90);
      expect(characterErrorRate(photo.text, page.result.text)).toBeLessThanOrEqual(0.03);
    });
  }

  it('lumen read --document turns an upside-down photo, says so on standard error and prints the letter', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-orientation-'));
    const file = join(dir, 'letter.jpg');
    await writeFile(file, (await photographedPage(TURNED_CONDITIONS['upside down'])).jpeg);
    let out = '';
    const err: string[] = [];
    const code = await runCli(['read', '--image', file, '--document'], {
      out: (line) => (out += `${line}\n`),
      write: (text) => (out += text),
      err: (line) => err.push(line),
      env: { LUMEN_DATA_DIR: dir },
      nodeVersion: 'v22.23.3'
    });
    expect(code).toBe(EXIT.ok);
    expect(err).toEqual([UPSIDE_DOWN]);
    expect(characterErrorRate(LETTER.join('\n'), out)).toBeLessThanOrEqual(0.03);
  });

  it('with the camera, says the page was upside down before reading it, and the text reader has it upright', async () => {
    const said: string[] = [];
    let signedOff = () => {};
    const signed = new Promise<void>((resolve) => (signedOff = resolve));
    const clock = { now: 0 };
    core = await memoryCore({
      host: 'cli',
      now: () => clock.now,
      write: ({ text }: TextUtterance) => {
        said.push(text);
        if (/Customer/.test(text)) signedOff();
      }
    });
    const states: DocumentStatus['state'][] = [];
    core.subscribe((channel, payload) => {
      if (channel === 'document.state') states.push((payload as DocumentStatus).state);
    });
    await core.router.invoke('document.start', {});
    for (const [i, image] of (await stillFrames(TURNED_CONDITIONS['upside down']!, 6)).entries()) {
      clock.now = i * 250;
      const reply = await core.router.invoke('document.frame', { image });
      if (reply.ok && (reply.value as { result: string }).result === 'taken') break;
    }
    await signed;
    expect(states.slice(-2)).toEqual(['reading', 'off']);
    const transcript = said.join(' ');
    const [taken, turned, letter] = [TAKEN_WHOLE, UPSIDE_DOWN, LETTER[0]!].map((text) => transcript.indexOf(text)) as [
      number,
      number,
      number
    ];
    expect(taken).toBeGreaterThanOrEqual(0);
    expect(turned).toBeGreaterThan(taken);
    expect(letter).toBeGreaterThan(turned);
    const read = transcript.slice(turned + UPSIDE_DOWN.length);
    expect(characterErrorRate(LETTER.join('\n'), read)).toBeLessThanOrEqual(0.03);
    const next = await core.router.invoke('read.navigate', { action: 'next-line' });
    expect(next).toMatchObject({ ok: true, value: { line: 2 } });
    const line = (next as { value: { text: string } }).value.text;
    expect(characterErrorRate(LETTER[1]!, line)).toBeLessThanOrEqual(0.03);
  });
});
