import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import type { OcrResult } from '../../../../src/core/ocr/types';
import { CHAT_CONTACTS, chatPng } from '../../../chat-window';

const quiet = { info() {}, warn() {}, error() {} };
const engine = new OcrEngine({ logger: quiet, workers: 2 });
const fresh = new OcrEngine({ logger: quiet, workers: 2 });
afterAll(() => Promise.all([engine.terminate(), fresh.terminate()]));

const LINES = [
  'Inbox: 12 new messages since this morning',
  'Meeting with Dana moved to Friday at 10:30',
  'Invoice total: 1,249.50 EUR including tax',
  'Battery at 73%, about 2 hours left',
  'Wi-Fi network "Garden" is connected'
];

/** Lines 60 px apart from `top`, as a screen of a list or a mail. */
async function screen(lines: readonly string[], top = 40): Promise<Buffer> {
  const text = lines.map((line, i) => `<text x="40" y="${top + i * 60}">${line}</text>`).join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="420"><rect width="100%" height="100%" fill="#fafafa"/>` +
    `<g font-family="DejaVu Sans" font-size="20" fill="#1a1a1a">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const texts = (result: OcrResult) => result.lines.map((l) => l.text);
const recalledDuring = async (read: () => Promise<OcrResult>) => {
  const before = engine.stats.piecesRecalled;
  const result = await read();
  return { result, recalled: engine.stats.piecesRecalled - before };
};

describe('reading a screen again', () => {
  it('reads only what changed, and says the same as a read from scratch', async () => {
    const first = await recalledDuring(async () => engine.recognize(await screen(LINES)));
    expect(first.recalled).toBe(0);
    expect(texts(first.result)).toEqual(LINES);

    const again = await recalledDuring(async () => engine.recognize(await screen(LINES)));
    expect(again.recalled).toBe(LINES.length);
    expect(again.result.lines).toEqual(first.result.lines);
    expect(again.result.words).toEqual(first.result.words);

    const changed = [...LINES];
    changed[2] = 'Invoice total: 980.00 EUR paid on Monday';
    const edited = await recalledDuring(async () => engine.recognize(await screen(changed)));
    expect(edited.recalled).toBe(LINES.length - 1);
    const fromScratch = await fresh.recognize(await screen(changed));
    expect(texts(edited.result)).toEqual(texts(fromScratch));
    expect(edited.result.lines.map((l) => l.box)).toEqual(fromScratch.lines.map((l) => l.box));
  });

  it('finds unchanged lines that moved down, at their new place', async () => {
    const moved = await recalledDuring(async () => engine.recognize(await screen(LINES, 100)));
    expect(moved.recalled).toBe(LINES.length);
    const fromScratch = await fresh.recognize(await screen(LINES, 100));
    expect(texts(moved.result)).toEqual(LINES);
    expect(moved.result.lines.map((l) => l.box)).toEqual(fromScratch.lines.map((l) => l.box));
  });

  it('beside a sidebar, reads again only the message that changed', async () => {
    const read = async (messages: readonly string[]) => {
      const before = { ...engine.stats };
      const result = await engine.recognize(await chatPng(messages));
      return {
        result,
        read: engine.stats.piecesRead - before.piecesRead,
        recalled: engine.stats.piecesRecalled - before.piecesRecalled
      };
    };
    const first = await read(LINES);
    expect(texts(first.result)).toEqual(expect.arrayContaining([...LINES, ...CHAT_CONTACTS]));

    const changed = [...LINES];
    changed[2] = 'Invoice total: 980.00 EUR paid on Monday';
    const edited = await read(changed);
    // Each message and each contact is a block of its own: only the changed message is read.
    expect(edited.read).toBe(1);
    expect(edited.recalled).toBe(first.read + first.recalled - 1);
    const fromScratch = await fresh.recognize(await chatPng(changed));
    fresh.forget();
    expect(texts(edited.result)).toEqual(texts(fromScratch));
  });

  it('after forgetting, reads everything again', async () => {
    engine.forget();
    const after = await recalledDuring(async () => engine.recognize(await screen(LINES)));
    expect(after.recalled).toBe(0);
    expect(texts(after.result)).toEqual(LINES);
  });
});
