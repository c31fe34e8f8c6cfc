import type { OcrResult } from '../ocr';

/*
 * What a watched area says that it did not say before: its text is read offline after each change
 * and compared line by line with the text read the time before, so only what is new is spoken
 * ("New text: Download complete"), and a change that added no words says nothing.
 */

/** A line as compared: spaces collapsed, case ignored. */
const key = (line: string) => line.replace(/\s+/g, ' ').trim().toLowerCase();

/** The lines of what was read, without those that hold no letter or digit (an icon read as "|"). */
export function textLines(result: Pick<OcrResult, 'lines'>): string[] {
  return result.lines.map((line) => line.text.replace(/\s+/g, ' ').trim()).filter((line) => /[\p{L}\p{N}]/u.test(line));
}

/** The lines of `now` that `before` did not have, in reading order; a line there twice now and once before is new once. */
export function newLines(before: readonly string[], now: readonly string[]): string[] {
  const seen = new Map<string, number>();
  for (const line of before) seen.set(key(line), (seen.get(key(line)) ?? 0) + 1);
  const fresh: string[] = [];
  for (const line of now) {
    const left = seen.get(key(line)) ?? 0;
    if (left > 0) seen.set(key(line), left - 1);
    else fresh.push(line);
  }
  return fresh;
}

/** "New text: Download complete." — each line a sentence of its own. */
export function newTextRemark(lines: readonly string[]): string {
  return `New text: ${lines.map((line) => (/[.!?:;]$/.test(line) ? line : `${line}.`)).join(' ')}`;
}
