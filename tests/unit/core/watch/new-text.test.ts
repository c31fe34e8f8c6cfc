import { describe, expect, it } from 'vitest';
import { newLines, newTextRemark, textLines } from '../../../../src/core/watch/new-text';

const read = (...lines: string[]) => ({
  lines: lines.map((text) => ({ text, confidence: 90, box: { x: 0, y: 0, width: 1, height: 1 }, words: [] }))
});

describe('new text of a watched area', () => {
  it('keeps the lines with words or numbers, spaces tidied', () => {
    expect(textLines(read('  Download   complete ', '|', '—', '45%'))).toEqual(['Download complete', '45%']);
  });

  it('the lines that were not there before, in reading order', () => {
    const before = ['Downloading report.pdf', 'Half of the file received'];
    expect(newLines(before, ['Download complete', 'Saved in your Downloads folder'])).toEqual([
      'Download complete',
      'Saved in your Downloads folder'
    ]);
    expect(newLines(before, ['Downloading report.pdf', 'Checking the file'])).toEqual(['Checking the file']);
  });

  it('nothing new when the text is the same, whatever its spacing and case', () => {
    expect(newLines(['Hello there', 'OK'], ['hello  there', 'OK'])).toEqual([]);
    expect(newLines(['A', 'B'], ['B'])).toEqual([]);
  });

  it('a line that is there once more than before is new once (a second chat message "ok")', () => {
    expect(newLines(['Sam: ok'], ['Sam: ok', 'Sam: ok'])).toEqual(['Sam: ok']);
  });

  it('says each line as a sentence', () => {
    expect(newTextRemark(['Download complete', 'Saved in Downloads.'])).toBe(
      'New text: Download complete. Saved in Downloads.'
    );
  });
});
