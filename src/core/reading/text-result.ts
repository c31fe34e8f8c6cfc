import { unionBox } from '../ocr/reading-order';
import type { OcrLine, OcrResult, OcrWord } from '../ocr/types';

/** Confidence given to text that came as text (the cloud's reading): nothing in it is "unclear". */
const GIVEN = 100;
/** A line's height and a letter's width in the page laid out for "where is it?" (as if typed). */
const LINE = 20;
const LETTER = 10;

/**
 * Text that came as text (not read from pixels), laid out as a typed page so the text reader moves
 * through it as through any reading: a line per line, a blank line between paragraphs, and "where is
 * it?" answered from the line's place on that page.
 */
export function resultFromText(text: string, lang: string): OcrResult {
  const rows = text.replace(/\r\n?/g, '\n').split('\n');
  const words: OcrWord[] = [];
  const lines: OcrLine[] = [];
  const blocks: OcrResult['blocks'] = [];
  rows.forEach((row, y) => {
    if (!row.trim()) return;
    const indexes: number[] = [];
    for (const match of row.matchAll(/\S+/g)) {
      const box = { x: LETTER * match.index, y: LINE * y, width: LETTER * match[0].length, height: LINE };
      indexes.push(words.push({ text: match[0], confidence: GIVEN, box }) - 1);
    }
    const box = unionBox(indexes.map((i) => words[i]!.box));
    const line = lines.push({ text: row.trim().split(/\s+/).join(' '), confidence: GIVEN, box, words: indexes }) - 1;
    // A line after a blank one (or the first) starts a paragraph.
    if (!rows[y - 1]?.trim() || !blocks.length) blocks.push({ box, lines: [] });
    blocks.at(-1)!.lines.push(line);
  });
  for (const block of blocks) block.box = unionBox(block.lines.map((i) => lines[i]!.box));
  return {
    width: LETTER * Math.max(1, ...rows.map((row) => row.length)),
    height: LINE * rows.length,
    lang,
    words,
    lines,
    blocks,
    text: blocks.map((b) => b.lines.map((i) => lines[i]!.text).join('\n')).join('\n\n')
  };
}
