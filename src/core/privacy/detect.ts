import { findInLines, type PrivateKind, type Token, type TokenLine } from './rules';

export type { PrivateKind } from './rules';

import type { OcrBox, OcrWord } from '../ocr/types';

export type { OcrWord } from '../ocr/types';
export type Box = OcrBox;

/** A line as the OCR engine reports it: indexes into the words, left to right. */
export interface OcrLine {
  words: readonly number[];
}

export interface PrivateItem {
  kind: PrivateKind;
  /** The private text itself: never log it, speak it or send it anywhere. */
  text: string;
  /** The word boxes to black out. */
  boxes: Box[];
}

/** Words further apart than this many line heights are not parts of one number (a table's columns). */
const JOIN_GAP = 1.5;
/** A line whose top is within this many line heights of the previous line's bottom sits right below it. */
const FOLLOW_GAP = 1.5;
/**
 * A line level with the last one and at most this many line heights to its right continues it: a
 * form's value column may sit far from its labels, more so in a picture shrunk for upload.
 */
const BESIDE_GAP = 20;

const right = (b: Box) => b.x + b.width;
const bottom = (b: Box) => b.y + b.height;

function union(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map(right)) - x, height: Math.max(...boxes.map(bottom)) - y };
}

/** Rows of words from geometry alone: a word starts a new row when it is left of, or not level with, the last one. */
function groupIntoLines(words: readonly OcrWord[]): number[][] {
  const lines: number[][] = [];
  let current: number[] = [];
  words.forEach((w, i) => {
    const last = current.length ? words[current.at(-1)!]! : undefined;
    const overlap = last ? Math.min(bottom(last.box), bottom(w.box)) - Math.max(last.box.y, w.box.y) : 0;
    const level = last !== undefined && overlap >= 0.5 * Math.min(last.box.height, w.box.height);
    if (last && (!level || w.box.x < last.box.x)) {
      lines.push(current);
      current = [];
    }
    current.push(i);
  });
  if (current.length) lines.push(current);
  return lines;
}

function tokenLines(words: readonly OcrWord[], lines: readonly (readonly number[])[]): TokenLine[] {
  let previous: Box | undefined;
  return lines.map((indexes) => {
    const lineWords = indexes.map((i) => words[i]!);
    const tokens: Token[] = lineWords.map((w, i) => {
      const before = lineWords[i - 1];
      const height = Math.max(w.box.height, before?.box.height ?? 0);
      return { text: w.text, joined: before !== undefined && w.box.x - right(before.box) <= JOIN_GAP * height };
    });
    const box = lineWords.length ? union(lineWords.map((w) => w.box)) : undefined;
    const below =
      previous !== undefined &&
      box !== undefined &&
      box.y >= previous.y &&
      box.y - bottom(previous) <= FOLLOW_GAP * previous.height &&
      box.x < right(previous) &&
      right(box) > previous.x;
    // A form's value in its own column, level with its label ("Your code      482913").
    const beside =
      previous !== undefined &&
      box !== undefined &&
      Math.min(bottom(previous), bottom(box)) - Math.max(previous.y, box.y) >=
        0.5 * Math.min(previous.height, box.height) &&
      box.x >= right(previous) &&
      box.x - right(previous) <= BESIDE_GAP * previous.height;
    const follows = below || beside;
    previous = box;
    return { tokens, follows };
  });
}

/**
 * The engine's lines as they sit on the screen: top to bottom, and lines level with each other left
 * to right. Reading order puts a form's column of labels before its column of values; side by side,
 * each value follows its label.
 */
function visualOrder(words: readonly OcrWord[], lines: readonly (readonly number[])[]): (readonly number[])[] {
  const placed = lines
    .filter((l) => l.length)
    .map((indexes) => ({ indexes, box: union(indexes.map((i) => words[i]!.box)) }))
    .sort((a, b) => a.box.y - b.box.y);
  const rows: { top: number; bottom: number; height: number; lines: typeof placed }[] = [];
  for (const line of placed) {
    const row = rows.at(-1);
    const overlap = row ? Math.min(row.bottom, bottom(line.box)) - Math.max(row.top, line.box.y) : 0;
    if (row && overlap >= 0.5 * Math.min(row.height, line.box.height)) {
      row.lines.push(line);
      row.bottom = Math.max(row.bottom, bottom(line.box));
    } else {
      rows.push({ top: line.box.y, bottom: bottom(line.box), height: line.box.height, lines: [line] });
    }
  }
  return rows.flatMap((row) => row.lines.sort((a, b) => a.box.x - b.box.x).map((l) => l.indexes));
}

/**
 * Card numbers, IBANs, e-mail addresses, phone numbers, one-time codes and passwords among OCR
 * words, with the boxes that hide them. `lines` (the OCR engine's, indexes into `words`) is optional:
 * without it rows are found from the boxes, assuming the words come in reading order.
 */
export function findPrivate(words: readonly OcrWord[], lines?: readonly OcrLine[]): PrivateItem[] {
  const rows = lines
    ? visualOrder(
        words,
        lines.map((l) => l.words)
      )
    : groupIntoLines(words);
  return findInLines(tokenLines(words, rows)).map(({ kind, tokens }) => {
    const found = tokens.map((t) => words[rows[t.line]![t.token]!]!);
    return { kind, text: found.map((w) => w.text).join(' '), boxes: found.map((w) => ({ ...w.box })) };
  });
}
