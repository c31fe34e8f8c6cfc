import { describe, expect, it } from 'vitest';
import { describePosition, NO_TEXT, OcrNavigator, UNCLEAR_TEXT } from '../../../../src/core/ocr/navigator';
import type { OcrResult } from '../../../../src/core/ocr/types';

/** Two blocks: a title; then a clear line, a low-confidence line and a line with one unclear word. */
function result(): OcrResult {
  const word = (text: string, confidence: number, x: number, y: number) => ({
    text,
    confidence,
    box: { x, y, width: 40, height: 14 }
  });
  const words = [
    word('Settings', 95, 20, 10),
    word('Save', 92, 900, 500),
    word('now', 91, 950, 500),
    word('Xq#', 30, 900, 520),
    word('Press', 93, 900, 540),
    word('Zz', 20, 950, 540)
  ];
  const line = (ids: number[], confidence: number) => ({
    text: ids.map((i) => words[i]!.text).join(' '),
    confidence,
    box: words[ids[0]!]!.box,
    words: ids
  });
  const lines = [line([0], 95), line([1, 2], 91.5), line([3], 30), line([4, 5], 56.5 + 20)];
  return {
    width: 1920,
    height: 1080,
    lang: 'eng',
    words,
    lines,
    blocks: [
      { box: lines[0]!.box, lines: [0] },
      { box: lines[1]!.box, lines: [1, 2, 3] }
    ],
    text: ''
  };
}

describe('OcrNavigator', () => {
  it('moves by line and paragraph and repeats', () => {
    const nav = new OcrNavigator(result());
    expect(nav.current()).toBe('Settings');
    expect(nav.previousLine()).toBe('Start of the text.');
    expect(nav.nextLine()).toBe('Save now');
    expect(nav.repeat()).toBe('Save now');
    expect(nav.previousParagraph()).toBe('Settings');
    expect(nav.nextParagraph()).toBe('Save now');
    expect(nav.nextParagraph()).toBe('End of the text.');
    nav.nextLine();
    nav.nextLine();
    expect(nav.previousParagraph()).toBe('Save now');
  });

  it('says unclear text instead of guessing', () => {
    const nav = new OcrNavigator(result());
    nav.nextLine();
    expect(nav.nextLine()).toBe(UNCLEAR_TEXT);
    expect(nav.spellWord()).toBe(UNCLEAR_TEXT);
    // A clear line with one unclear word.
    expect(nav.nextLine()).toBe('Press unclear');
  });

  it('spells the current word and moves by word', () => {
    const nav = new OcrNavigator(result());
    nav.nextLine();
    expect(nav.spellWord()).toBe('capital S, a, v, e');
    expect(nav.nextWord()).toBe('now');
    expect(nav.spellWord()).toBe('n, o, w');
    expect(nav.previousWord()).toBe('Save');
    expect(nav.previousWord()).toBe('Settings');
  });

  it('says where the text is, by area and clock direction', () => {
    const nav = new OcrNavigator(result());
    expect(nav.whereIsIt()).toBe("Top left of the screen, at 10 o'clock.");
    nav.nextLine();
    expect(nav.whereIsIt()).toBe('Middle of the screen.');
    const at = (x: number, y: number) => describePosition({ x, y, width: 0, height: 0 }, 1000, 1000, 'image');
    expect(at(950, 500)).toBe("Right side of the image, at 3 o'clock.");
    expect(at(500, 950)).toBe("Bottom centre of the image, at 6 o'clock.");
    expect(at(950, 50)).toBe("Top right of the image, at 2 o'clock.");
  });

  it('says there is no text on an empty result', () => {
    const nav = new OcrNavigator({ width: 10, height: 10, lang: 'eng', words: [], lines: [], blocks: [], text: '' });
    expect([nav.current(), nav.nextLine(), nav.nextParagraph(), nav.spellWord(), nav.whereIsIt()]).toEqual([
      NO_TEXT,
      NO_TEXT,
      NO_TEXT,
      NO_TEXT,
      NO_TEXT
    ]);
  });
});
