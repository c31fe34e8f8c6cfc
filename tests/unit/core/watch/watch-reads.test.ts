import { afterAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import { textLines } from '../../../../src/core/watch/new-text';
import { ScreenWatch } from '../../../../src/core/watch/screen-watch';
import { CHAT_CONTACTS, chatPng } from '../../../chat-window';

const engine = new OcrEngine({ logger: { info() {}, warn() {}, error() {} }, workers: 2 });
afterAll(() => engine.terminate());

const watch = new ScreenWatch('w1', 'Chat', 'window', 'Chat', false, {
  read: async (image) => textLines(await engine.recognize(image)),
  describe: () => Promise.reject(new Error('not asked to describe')),
  remark: (_watch, text) => text,
  say: () => {}
});

const MESSAGES = [
  'Dana: are you coming to the meeting?',
  'Sam: the report is on the shared drive',
  'Lee: lunch at noon on Friday',
  'Kim: the train is late again',
  'Ana: see you tomorrow'
];

describe('a settled change of a watched window', () => {
  it('reads again only what changed: the contacts and the other messages beside them are recalled, not read', async () => {
    expect(await watch.frame(await chatPng(MESSAGES), 0)).toEqual({ result: 'first', remarks: [] });
    const blocks = engine.stats.piecesRead;
    expect(blocks).toBe(MESSAGES.length + CHAT_CONTACTS.length);
    const edited = [...MESSAGES];
    edited[2] = 'Lee: lunch moved to 2 pm';
    const image = await chatPng(edited);
    const before = { ...engine.stats };
    expect(await watch.frame(image, 1000)).toEqual({ result: 'settling', remarks: [] });
    expect(await watch.frame(image, 1500)).toEqual({
      result: 'changed',
      remarks: ['New text: Lee: lunch moved to 2 pm.']
    });
    expect(engine.stats.reads - before.reads).toBe(1);
    expect(engine.stats.piecesRead - before.piecesRead).toBe(1);
    expect(engine.stats.piecesRecalled - before.piecesRecalled).toBe(blocks - 1);
  });
});
