// OCR-like words for the privacy tests: boxes laid out as a 20 px font would put them.
import type { OcrWord } from '../../../../src/core/privacy/detect';

export const CHAR_WIDTH = 10;
export const LINE_HEIGHT = 20;
const SPACE = 8;

/**
 * One row of words starting at (x, y). A string starting with "»" is moved right by 200 px first,
 * as a table's next column would be.
 */
export function row(y: number, text: string, x = 10): OcrWord[] {
  const words: OcrWord[] = [];
  let at = x;
  for (const raw of text.split(' ').filter(Boolean)) {
    const far = raw.startsWith('»');
    const word = far ? raw.slice(1) : raw;
    if (far) at += 200;
    words.push({ text: word, confidence: 90, box: { x: at, y, width: word.length * CHAR_WIDTH, height: LINE_HEIGHT } });
    at += word.length * CHAR_WIDTH + SPACE;
  }
  return words;
}

/** Rows 30 px apart, as lines of one paragraph. */
export function page(...lines: string[]): OcrWord[] {
  return lines.flatMap((line, i) => row(10 + i * 30, line));
}
