import { INK_CONTRAST } from './rules';

/*
 * A page is read by several workers at once, each reading one horizontal band of it. Bands are cut
 * only through runs of blank rows (no ink anywhere across the width), so a line of text is never
 * split; and not through the small gaps inside a line either (an "i"'s dot, an accent, an underline):
 * a gap qualifies only when it is wide compared with the inked rows on both sides, and both sides are
 * of comparable height. A page with no such gap is read whole by one worker.
 *
 * Cuts are placed so that the workers get about the same work. Tesseract scales each line to a fixed
 * height before recognising it, so a line's cost grows with its number of characters, not its area
 * (see runCost).
 */

/** Rows [top, bottom) of the prepared image. */
export interface Band {
  top: number;
  bottom: number;
}

/** Fewest blank rows a cut may go through. */
const MIN_GAP = 4;
/** A cut's gap must be at least this many times the height of the taller inked run beside it. */
const GAP_RATIO = 0.4;
/** A run shorter than this share of the run across the gap from it is taken as part of that run's line. */
const FRAGMENT_RATIO = 0.2;

interface Run {
  top: number;
  bottom: number;
  cost: number;
}

/** Runs of rows with ink in them, top to bottom, each with its estimated recognition cost. */
function inkedRuns(grey: Uint8Array, width: number, height: number, background: number): Run[] {
  const inkBelow = background - INK_CONTRAST;
  const runs: Run[] = [];
  // The first and last inked row of each column within the current run (-1: none yet).
  const first = new Int32Array(width).fill(-1);
  const last = new Int32Array(width);
  let top = -1;
  for (let y = 0; y <= height; y++) {
    let inked = false;
    if (y < height) {
      const row = y * width;
      for (let x = 0; x < width; x++) {
        if (grey[row + x]! >= inkBelow) continue;
        inked = true;
        if (first[x]! < 0) first[x] = y;
        last[x] = y;
      }
    }
    if (inked && top < 0) top = y;
    else if (!inked && top >= 0) {
      runs.push({ top, bottom: y, cost: runCost(first, last, y - top) });
      first.fill(-1);
      top = -1;
    }
  }
  return runs;
}

/**
 * A run's estimated cost: the characters in it. Its inked columns are grouped into pieces of text
 * (split at gaps wider than the run is tall: columns, a sidebar); each piece has about as many
 * characters as inked columns over its own height, so lines side by side at different heights, which
 * make one tall run, are each counted at their own size.
 */
function runCost(first: Int32Array, last: Int32Array, rows: number): number {
  let cost = 0;
  let columns = 0;
  let top = Infinity;
  let bottom = -Infinity;
  let lastInked = -Infinity;
  const close = () => {
    if (columns) cost += columns / (bottom - top + 1);
    columns = 0;
    top = Infinity;
    bottom = -Infinity;
  };
  for (let x = 0; x < first.length; x++) {
    if (first[x]! < 0) continue;
    if (x - lastInked > rows) close();
    columns++;
    top = Math.min(top, first[x]!);
    bottom = Math.max(bottom, last[x]!);
    lastInked = x;
  }
  close();
  return cost;
}

function canCutBetween(above: Run, below: Run): boolean {
  const gap = below.top - above.bottom;
  const a = above.bottom - above.top;
  const b = below.bottom - below.top;
  const taller = Math.max(a, b);
  return gap >= Math.max(MIN_GAP, GAP_RATIO * taller) && Math.min(a, b) >= FRAGMENT_RATIO * taller;
}

/** Rows of a page that no cut may separate, with the estimated cost of reading them (see runCost). */
export interface Piece extends Band {
  cost: number;
}

/**
 * The page's pieces of text: rows [top, bottom) from the first to the last inked row of each group of
 * lines that no cut may separate. Blank rows between pieces are left out.
 * `grey` is dark text on a light ground (as prepared for OCR), row by row; `background` its light level.
 */
export function textPieces(grey: Uint8Array, width: number, height: number, background: number): Piece[] {
  const runs = inkedRuns(grey, width, height, background);
  const pieces: Piece[] = [];
  runs.forEach((run, i) => {
    const piece = pieces[pieces.length - 1];
    if (piece && !canCutBetween(runs[i - 1]!, run)) {
      piece.bottom = run.bottom;
      piece.cost += run.cost;
    } else pieces.push({ top: run.top, bottom: run.bottom, cost: run.cost });
  });
  return pieces;
}

/**
 * Cuts rows [0, height) into at most `count` bands of about equal work, in the middle of gaps between
 * pieces only. Bands cover the rows from top to bottom; with fewer than two pieces, one band.
 */
export function bandsBetween(pieces: readonly Piece[], height: number, count: number): Band[] {
  const whole = [{ top: 0, bottom: height }];
  if (count <= 1 || height <= 1 || pieces.length < 2) return whole;
  const total = pieces.reduce((sum, p) => sum + p.cost, 0);
  // Candidate cuts: the middle of each gap, with the work above it.
  let before = 0;
  const candidates = pieces.slice(1).map((below, i) => {
    const above = pieces[i]!;
    before += above.cost;
    return { y: Math.floor((above.bottom + below.top) / 2), before };
  });
  const cuts = new Set<number>();
  for (let k = 1; k < count; k++) {
    const target = (total * k) / count;
    let best = candidates[0]!;
    for (const c of candidates) if (Math.abs(c.before - target) < Math.abs(best.before - target)) best = c;
    cuts.add(best.y);
  }
  const ys = [0, ...[...cuts].sort((a, b) => a - b), height];
  return ys.slice(1).map((bottom, i) => ({ top: ys[i]!, bottom }));
}

/**
 * Cuts the image into at most `count` bands of about equal work, through blank rows only. Bands cover
 * the image from top to bottom, each holding some ink; a blank image is one band.
 */
export function splitIntoBands(
  grey: Uint8Array,
  width: number,
  height: number,
  background: number,
  count: number
): Band[] {
  return bandsBetween(textPieces(grey, width, height, background), height, count);
}

/** Blank columns that part two blocks side by side: wider than any space between words. */
const COLUMN_GAP = 48;

/** A rectangle of a page, rows [top, bottom) and columns [left, right), inside its piece `piece`. */
export interface Block extends Band {
  left: number;
  right: number;
  piece: number;
}

/** Columns [left, right) holding ink in rows [top, bottom), parted where COLUMN_GAP blank columns run between. */
function inkedColumns(grey: Uint8Array, width: number, band: Band, background: number): Array<[number, number]> {
  const inkBelow = background - INK_CONTRAST;
  const inked = new Uint8Array(width);
  for (let y = band.top; y < band.bottom; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) if (grey[row + x]! < inkBelow) inked[x] = 1;
  }
  const columns: Array<[number, number]> = [];
  let lastInked = -Infinity;
  for (let x = 0; x < width; x++) {
    if (!inked[x]) continue;
    const current = columns[columns.length - 1];
    if (current && x - lastInked <= COLUMN_GAP) current[1] = x + 1;
    else columns.push([x, x + 1]);
    lastInked = x;
  }
  return columns;
}

/** Columns [left, right) of `within` that hold ink in rows [top, bottom). */
function inkedSpan(grey: Uint8Array, width: number, rows: Band, within: [number, number], background: number) {
  const inkBelow = background - INK_CONTRAST;
  let [left, right] = [within[1], within[0]];
  for (let y = rows.top; y < rows.bottom; y++) {
    const row = y * width;
    for (let x = within[0]; x < within[1]; x++) {
      if (grey[row + x]! >= inkBelow) continue;
      left = Math.min(left, x);
      right = Math.max(right, x + 1);
    }
  }
  return { left, right };
}

/**
 * The page's pieces cut further into blocks: each piece into columns at wide blank gaps (a sidebar
 * beside a list, a chat beside its contacts), each column into the pieces of its own rows, each as
 * wide as its own ink. Lines side by side that make one piece together (a sidebar's buttons beside
 * lines of text) are blocks of their own, so a block changes only when its own text does.
 */
export function textBlocks(grey: Uint8Array, width: number, pieces: readonly Piece[], background: number): Block[] {
  return pieces.flatMap((piece, index) =>
    inkedColumns(grey, width, piece, background).flatMap((columns) => {
      const [left, right] = columns;
      const columnWidth = right - left;
      const column = new Uint8Array(columnWidth * (piece.bottom - piece.top));
      for (let y = piece.top; y < piece.bottom; y++)
        column.set(grey.subarray(y * width + left, y * width + right), (y - piece.top) * columnWidth);
      return textPieces(column, columnWidth, piece.bottom - piece.top, background).map((rows) => {
        const band = { top: piece.top + rows.top, bottom: piece.top + rows.bottom };
        return { ...band, ...inkedSpan(grey, width, band, columns, background), piece: index };
      });
    })
  );
}
