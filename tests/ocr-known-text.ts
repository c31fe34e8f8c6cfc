import type { OcrResult } from '../src/core/ocr/types';

/*
 * The known text of the OCR accuracy tests, shared by the screens drawn with librsvg (unit tests) and
 * those rendered by Chromium (browser tests): the sentences and layouts, the themes' colours, the
 * fonts and sizes measured, the character error rate and the checks of reading order.
 */

export type Theme = 'light' | 'dark';

export const THEMES = {
  light: { background: '#ffffff', text: '#1b1b1b', panel: '#f0f0f0', border: '#9a9a9a' },
  dark: { background: '#1e1e1e', text: '#e6e6e6', panel: '#2d2d30', border: '#5a5a5a' }
} as const;

/** The installed fonts the screens are drawn in. */
export const FONTS = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono'] as const;
/** Text sizes in CSS pixels, from small print to a heading. */
export const SIZES = [10, 12, 16, 24] as const;

/** The error rate a text of this size must be read within: 2 % from 12 px; 10 px is held to a looser bound. */
export const maxCharacterErrorRate = (size: number) => (size >= 12 ? 0.02 : 0.1);

export const SENTENCES = [
  'Your order 4821 was shipped on 12 March.',
  'Open the Settings menu to change the voice.',
  'Battery at 73%, about 2 hours left.',
  'Meeting with Dana moved to Friday at 10:30.',
  'Press Save to keep the changes you made.',
  'The quick brown fox jumps over the lazy dog.',
  'Invoice total: 1,249.50 EUR including tax.',
  'Wi-Fi network "Garden" is connected.'
];

/** A heading over two columns of two paragraphs each, two lines a paragraph. */
export const TWO_COLUMNS = {
  heading: 'Weekly summary',
  left: [
    [SENTENCES[0]!, SENTENCES[1]!],
    [SENTENCES[2]!, SENTENCES[3]!]
  ],
  right: [
    [SENTENCES[4]!, SENTENCES[5]!],
    [SENTENCES[6]!, SENTENCES[7]!]
  ]
};

/** The two columns' lines in reading order, blocks separated by a blank line (''). */
export const TWO_COLUMN_LINES = [
  TWO_COLUMNS.heading,
  ...[...TWO_COLUMNS.left, ...TWO_COLUMNS.right].flatMap((p) => ['', ...p])
];

/** The blocks the two columns are read as, by their number of lines: the heading, then each paragraph. */
export const TWO_COLUMN_BLOCKS = [1, 2, 2, 2, 2];

export const DIALOG_LINES = ['Save changes to "Report.docx"?', 'Your changes will be lost if you', 'do not save them.'];
export const DIALOG_BUTTONS = ['Cancel', 'Save'];

/** The page behind the dialog: long lines of two sentences each. */
export const dialogPageLines = (count = 18) =>
  Array.from(
    { length: count },
    (_, i) => SENTENCES[i % SENTENCES.length]! + ' ' + SENTENCES[(i + 3) % SENTENCES.length]!
  );

/** Characters to change, over the expected length: Levenshtein distance on whitespace-collapsed text. */
export function characterErrorRate(expected: string, actual: string): number {
  const a = expected.replace(/\s+/g, ' ').trim();
  const b = actual.replace(/\s+/g, ' ').trim();
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]! / Math.max(1, a.length);
}

/**
 * Where each expected line was read: the index of the first line read that starts as it does (its
 * first 12 characters), or -1. Read in order with nothing between, this is 0, 1, 2, …
 */
export function linePositions(expected: readonly string[], read: readonly string[]): number[] {
  return expected.map((line) => read.findIndex((text) => text.startsWith(line.slice(0, 12))));
}

/** `count` consecutive indexes from `first`: what positions of lines read one after another look like. */
export const consecutive = (first: number, count: number) => Array.from({ length: count }, (_, i) => first + i);

/**
 * The blocks (by index) that mix some of the given lines with others: a dialog's lines that share a
 * block with the page behind it.
 */
export function blocksMixing(result: Pick<OcrResult, 'blocks'>, lines: Iterable<number>): number[] {
  const set = new Set(lines);
  return result.blocks.flatMap((block, i) => {
    const inside = block.lines.filter((line) => set.has(line)).length;
    return inside > 0 && inside < block.lines.length ? [i] : [];
  });
}
