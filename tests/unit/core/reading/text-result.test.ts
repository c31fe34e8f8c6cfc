import { describe, expect, it } from 'vitest';
import { resultFromText } from '../../../../src/core/reading/text-result';
import { TextReading } from '../../../../src/core/reading/text-reading';

describe('text that came as text, in the text reader', () => {
  const text =
    'Dear Ms Novak,\n\nThank you  for your letter.\nWe have changed it.\r\n\r\n\r\nWith kind regards,\nPeter Lang';

  it('keeps its lines and paragraphs, every word clear', () => {
    const result = resultFromText(text, 'eng');
    expect(result.lines.map((l) => l.text)).toEqual([
      'Dear Ms Novak,',
      'Thank you for your letter.',
      'We have changed it.',
      'With kind regards,',
      'Peter Lang'
    ]);
    expect(result.blocks.map((b) => b.lines)).toEqual([[0], [1, 2], [3, 4]]);
    expect(result.text).toBe(
      'Dear Ms Novak,\n\nThank you for your letter.\nWe have changed it.\n\nWith kind regards,\nPeter Lang'
    );
    expect(result.words.every((w) => w.confidence === 100)).toBe(true);
  });

  it('moves by line, paragraph and word, spells, and says where a line is on the page', () => {
    const reading = new TextReading(resultFromText(text, 'eng'), 'file');
    expect(reading.go('next-paragraph')).toMatchObject({ text: 'Thank you for your letter.', line: 2, lines: 5 });
    expect(reading.go('next-word')).toMatchObject({ text: 'you' });
    expect(reading.go('spell-word').text).toMatch(/^y, o, u/);
    expect(reading.go('next-paragraph')).toMatchObject({ text: 'With kind regards,', line: 4 });
    expect(reading.go('next-line')).toMatchObject({ text: 'Peter Lang', line: 5 });
    // The last line of the page, starting at its left edge.
    expect(reading.go('where').text).toMatch(/^Bottom left of the image, at \d+ o'clock\.$/);
  });
});
