import { spellOut } from '../speech/spell';
import type { OcrBox, OcrLine, OcrResult } from './types';

/*
 * A reading cursor over an OCR result, for the keys "next line", "previous paragraph", "repeat",
 * "spell word" and "where is it?". Every method returns what to say.
 *
 * Low confidence is said, never guessed: a line whose mean word confidence is below
 * UNCLEAR_CONFIDENCE is said as UNCLEAR_TEXT, and in a clear line a single word below
 * UNCLEAR_WORD_CONFIDENCE is said as "unclear". Tesseract's confidences on clean screen text are
 * 85–96; below 60 the words it gives are mostly wrong (frames, icons, text on busy images).
 */

export const UNCLEAR_CONFIDENCE = 60;
export const UNCLEAR_WORD_CONFIDENCE = 40;
export const UNCLEAR_TEXT = 'The text here is unclear.';
export const NO_TEXT = 'No text found.';
const END = 'End of the text.';
const START = 'Start of the text.';

export type Surface = 'screen' | 'image' | 'window';

export class OcrNavigator {
  private lineIndex = 0;
  private wordIndex = 0;

  constructor(
    private readonly result: OcrResult,
    private readonly surface: Surface = 'screen'
  ) {}

  get position(): { line: number; word: number } {
    return { line: this.lineIndex, word: this.wordIndex };
  }

  /** The current line, said (or "unclear"). */
  current(): string {
    const line = this.line();
    return line ? this.say(line) : NO_TEXT;
  }

  repeat(): string {
    return this.current();
  }

  nextLine(): string {
    return this.moveToLine(this.lineIndex + 1);
  }

  previousLine(): string {
    return this.moveToLine(this.lineIndex - 1);
  }

  /** The first line of the next block (paragraph, column part, dialog, menu). */
  nextParagraph(): string {
    const block = this.blockIndex();
    const next = this.result.blocks[block + 1];
    return next ? this.moveToLine(next.lines[0]!) : this.result.lines.length ? END : NO_TEXT;
  }

  /** The first line of this block, or of the one before when already there. */
  previousParagraph(): string {
    const block = this.blockIndex();
    const first = this.result.blocks[block]?.lines[0];
    if (first !== undefined && first < this.lineIndex) return this.moveToLine(first);
    const before = this.result.blocks[block - 1];
    return before ? this.moveToLine(before.lines[0]!) : this.result.lines.length ? START : NO_TEXT;
  }

  nextWord(): string {
    return this.moveToWord(1);
  }

  previousWord(): string {
    return this.moveToWord(-1);
  }

  /** The current word, letter by letter ("capital S, a, v, e"), unless it was not read clearly. */
  spellWord(): string {
    const index = this.line()?.words[this.wordIndex];
    const word = index === undefined ? undefined : this.result.words[index];
    if (!word) return NO_TEXT;
    return word.confidence < UNCLEAR_WORD_CONFIDENCE ? UNCLEAR_TEXT : spellOut(word.text);
  }

  /** Where the current line is: "Top left of the screen, at 11 o'clock." */
  whereIsIt(): string {
    const line = this.line();
    return line ? describePosition(line.box, this.result.width, this.result.height, this.surface) : NO_TEXT;
  }

  private line(): OcrLine | undefined {
    return this.result.lines[this.lineIndex];
  }

  private blockIndex(): number {
    return this.result.blocks.findIndex((b) => b.lines.includes(this.lineIndex));
  }

  private moveToLine(index: number): string {
    if (!this.result.lines.length) return NO_TEXT;
    if (index < 0) return START;
    if (index >= this.result.lines.length) return END;
    this.lineIndex = index;
    this.wordIndex = 0;
    return this.current();
  }

  private moveToWord(step: number): string {
    const line = this.line();
    if (!line) return NO_TEXT;
    const next = this.wordIndex + step;
    if (next >= 0 && next < line.words.length) {
      this.wordIndex = next;
      return this.sayWord(line.words[next]!);
    }
    const target = this.lineIndex + step;
    if (target < 0) return START;
    if (target >= this.result.lines.length) return END;
    this.lineIndex = target;
    this.wordIndex = step > 0 ? 0 : this.result.lines[target]!.words.length - 1;
    return this.sayWord(this.result.lines[target]!.words[this.wordIndex]!);
  }

  private sayWord(index: number): string {
    const word = this.result.words[index]!;
    return word.confidence < UNCLEAR_WORD_CONFIDENCE ? 'unclear' : word.text;
  }

  private say(line: OcrLine): string {
    if (line.confidence < UNCLEAR_CONFIDENCE) return UNCLEAR_TEXT;
    return line.words.map((i) => this.sayWord(i)).join(' ');
  }
}

/** "Top left of the screen, at 11 o'clock." from a box's centre; "Middle of the screen." near the centre. */
export function describePosition(box: OcrBox, width: number, height: number, surface: Surface = 'screen'): string {
  const x = (box.x + box.width / 2) / Math.max(1, width);
  const y = (box.y + box.height / 2) / Math.max(1, height);
  const column = x < 1 / 3 ? 'left' : x > 2 / 3 ? 'right' : 'centre';
  const row = y < 1 / 3 ? 'top' : y > 2 / 3 ? 'bottom' : 'middle';
  const dx = x - 0.5;
  const dy = y - 0.5;
  if (Math.hypot(dx, dy) < 0.12) return `Middle of the ${surface}.`;
  const area =
    row === 'middle' && column === 'centre'
      ? 'middle'
      : row === 'middle'
        ? `${column} side`
        : `${row} ${column === 'centre' ? 'centre' : column}`;
  // The clock is read on the screen as it looks, so the angle uses pixels, not fractions.
  const degrees = ((Math.atan2(dx * width, -dy * height) * 180) / Math.PI + 360) % 360;
  const hour = Math.round(degrees / 30) % 12 || 12;
  const place = area.charAt(0).toUpperCase() + area.slice(1);
  return `${place} of the ${surface}, at ${hour} o'clock.`;
}

/** The result as paragraphs of lines in reading order; an unclear line is said as such, never guessed. */
export function readableParagraphs(result: OcrResult): string[][] {
  return result.blocks.map((block) =>
    block.lines.map((index) => {
      const line = result.lines[index]!;
      return line.confidence < UNCLEAR_CONFIDENCE ? UNCLEAR_TEXT : line.text;
    })
  );
}
