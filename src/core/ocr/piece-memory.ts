import { createHash } from 'node:crypto';
import type { Band, Block } from './bands';
import type { PreparedForOcr } from './preprocess';
import type { RawLine } from './result';

/** Blocks remembered at most: a few screens' worth. */
const MAX_PIECES = 600;

/** A block's lines with x and y measured from its top left corner, so they fit wherever the block appears. */
type Remembered = RawLine[];

export const shifted = (lines: readonly RawLine[], dx: number, dy: number): RawLine[] =>
  lines.map((line) => ({
    words: line.words.map((w) => ({
      ...w,
      bbox: { x0: w.bbox.x0 + dx, y0: w.bbox.y0 + dy, x1: w.bbox.x1 + dx, y1: w.bbox.y1 + dy }
    }))
  }));

/** Which piece a line belongs to: the one its middle lies in. */
export function pieceOf(line: RawLine, pieces: readonly Band[]): number {
  const top = Math.min(...line.words.map((w) => w.bbox.y0));
  const bottom = Math.max(...line.words.map((w) => w.bbox.y1));
  const middle = (top + bottom) / 2;
  return pieces.findIndex((p) => middle >= p.top && middle < p.bottom);
}

/** The blocks a line's words lie in (by their middles); -1 for a word in none. */
function blocksOf(line: RawLine, blocks: readonly Block[]): Set<number> {
  return new Set(
    line.words.map((w) => {
      const x = (w.bbox.x0 + w.bbox.x1) / 2;
      const y = (w.bbox.y0 + w.bbox.y1) / 2;
      return blocks.findIndex((b) => x >= b.left && x < b.right && y >= b.top && y < b.bottom);
    })
  );
}

/**
 * What was read in recent blocks of pages, by their exact pixels (as prepared for OCR), in memory only.
 * A screen read again, or with only some of it changed, is read only where it changed; a block that
 * moved unchanged (a scrolled list) is found too. Least recently used blocks go first.
 */
export class PieceMemory {
  private readonly pieces = new Map<string, Remembered>();

  key(prepared: PreparedForOcr, block: Block, lang: string): string {
    const { grey, width } = prepared;
    const hash = createHash('sha256').update(`${lang} ${block.right - block.left} ${block.bottom - block.top}\n`);
    for (let y = block.top; y < block.bottom; y++)
      hash.update(grey.subarray(y * width + block.left, y * width + block.right));
    return hash.digest('base64');
  }

  /** The block's lines placed where it is, or undefined if it was not read lately. */
  recall(key: string, block: Block): RawLine[] | undefined {
    const lines = this.pieces.get(key);
    if (!lines) return undefined;
    this.pieces.delete(key);
    this.pieces.set(key, lines);
    return shifted(lines, block.left, block.top);
  }

  /**
   * Keeps the lines read in these blocks (lines in page coordinates). A line that reaches out of its
   * block (into another, or where no block is) would not be said the same if the block were recalled
   * alone, so the blocks it touches are not kept: they are read again, together, next time.
   */
  keep(lines: readonly RawLine[], blocks: readonly Block[], keys: readonly string[]): void {
    const found = blocks.map((): RawLine[] => []);
    const apart = new Set<number>();
    for (const line of lines) {
      const within = blocksOf(line, blocks);
      const [only] = within;
      if (within.size === 1 && only !== undefined && only >= 0) found[only]!.push(line);
      else for (const at of within) apart.add(at);
    }
    blocks.forEach((block, i) => {
      this.pieces.delete(keys[i]!);
      if (!apart.has(i)) this.pieces.set(keys[i]!, shifted(found[i]!, -block.left, -block.top));
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
