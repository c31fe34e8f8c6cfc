import { createHash } from 'node:crypto';
import type { Band } from './bands';
import type { PreparedForOcr } from './preprocess';
import type { RawLine } from './result';

/** Pieces remembered at most: a few screens' worth. */
const MAX_PIECES = 600;

/** A piece's lines with y measured from the piece's top, so they fit wherever the piece appears. */
type Remembered = RawLine[];

export const shifted = (lines: readonly RawLine[], dy: number): RawLine[] =>
  lines.map((line) => ({
    words: line.words.map((w) => ({ ...w, bbox: { ...w.bbox, y0: w.bbox.y0 + dy, y1: w.bbox.y1 + dy } }))
  }));

/** Which piece a line belongs to: the one its middle lies in. */
export function pieceOf(line: RawLine, pieces: readonly Band[]): number {
  const top = Math.min(...line.words.map((w) => w.bbox.y0));
  const bottom = Math.max(...line.words.map((w) => w.bbox.y1));
  const middle = (top + bottom) / 2;
  return pieces.findIndex((p) => middle >= p.top && middle < p.bottom);
}

/**
 * What was read in recent pieces of pages, by their exact pixels (as prepared for OCR), in memory only.
 * A screen read again, or with only some of it changed, is read only where it changed; a piece that
 * moved up or down unchanged (a scrolled list) is found too. Least recently used pieces go first.
 */
export class PieceMemory {
  private readonly pieces = new Map<string, Remembered>();

  key(prepared: PreparedForOcr, piece: Band, lang: string): string {
    const { grey, width } = prepared;
    return createHash('sha256')
      .update(`${lang} ${width} ${piece.bottom - piece.top}\n`)
      .update(grey.subarray(piece.top * width, piece.bottom * width))
      .digest('base64');
  }

  /** The piece's lines placed at its top, or undefined if it was not read lately. */
  recall(key: string, piece: Band): RawLine[] | undefined {
    const lines = this.pieces.get(key);
    if (!lines) return undefined;
    this.pieces.delete(key);
    this.pieces.set(key, lines);
    return shifted(lines, piece.top);
  }

  /** Keeps the lines read in these pieces (lines in page coordinates; those in no piece are not kept). */
  keep(lines: readonly RawLine[], pieces: readonly Band[], keys: readonly string[]): void {
    const found = pieces.map((): RawLine[] => []);
    for (const line of lines) {
      const at = pieceOf(line, pieces);
      if (at >= 0) found[at]!.push(line);
    }
    pieces.forEach((piece, i) => {
      this.pieces.delete(keys[i]!);
      this.pieces.set(keys[i]!, shifted(found[i]!, -piece.top));
    });
    for (const oldest of this.pieces.keys()) {
      if (this.pieces.size <= MAX_PIECES) break;
      this.pieces.delete(oldest);
    }
  }

  forget(): void {
    this.pieces.clear();
  }
}
