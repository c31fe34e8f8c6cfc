import type { OcrBox } from './types';

/*
 * Reading order for text found on a screen, from geometry alone:
 *
 * 1. Lines become blocks. A line joins the block above it when it follows closely (a gap of at most
 *    MAX_LINE_GAP line heights), is about the same size (a heading is its own block) and lines up with
 *    it: left edges, centres or right edges within EDGE_TOLERANCE line heights. So a paragraph, a
 *    column's run of text, a menu or a dialog's message each make one block, and text beside a
 *    column gap or a dialog's edge does not join it.
 * 2. Blocks are read by recursive XY-cut. A one-line band across the top or bottom of a region (a
 *    title, menu or status bar) is cut off first, so a menu bar is not read as the top of the
 *    sidebar below it. Otherwise the region is cut at every vertical gap that runs its whole height
 *    (columns, a sidebar, a dialog's sides), read left to right, and failing that at every
 *    horizontal gap that runs its whole width, read top to bottom; each part is cut again. Columns
 *    come before rows so that paragraph gaps lining up across two columns do not interleave them.
 *    Blocks that overlap both ways (a dialog drawn over a page's paragraph) are read by their top
 *    edge, then left edge, each still whole.
 *
 * Known limits: a table reads column by column, since its cells line up like columns; right-to-left
 * scripts are not handled.
 */

/** Largest gap between lines of one block, in line heights. */
const MAX_LINE_GAP = 1.2;
/** Largest height ratio between lines of one block. */
const MAX_HEIGHT_RATIO = 1.5;
/** How far edges may be apart, in line heights, and still count as aligned. */
const EDGE_TOLERANCE = 1.5;
/** A gap between words wider than this many line heights splits a line in two. */
const WORD_GAP_SPLIT = 2.5;
/** The narrowest vertical gap taken as a column gap, in median line heights. */
const MIN_COLUMN_GAP = 0.5;

const right = (b: OcrBox) => b.x + b.width;
const bottom = (b: OcrBox) => b.y + b.height;
const centreX = (b: OcrBox) => b.x + b.width / 2;

export function unionBox(boxes: OcrBox[]): OcrBox {
  if (!boxes.length) return { x: 0, y: 0, width: 0, height: 0 };
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return { x, y, width: Math.max(...boxes.map(right)) - x, height: Math.max(...boxes.map(bottom)) - y };
}

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The words of one line (boxes), split where a gap is wider than WORD_GAP_SPLIT line heights. Each part left to right. */
export function splitAtGaps(words: OcrBox[]): number[][] {
  const order = words.map((_, i) => i).sort((a, b) => words[a]!.x - words[b]!.x);
  const height = median(words.map((w) => w.height));
  const parts: number[][] = [];
  let end = -Infinity;
  for (const i of order) {
    const word = words[i]!;
    if (!parts.length || word.x - end > WORD_GAP_SPLIT * height) parts.push([]);
    parts[parts.length - 1]!.push(i);
    end = Math.max(end, right(word));
  }
  return parts;
}

/** Largest gap, in line heights, across which pieces of one row are joined into one line. */
const JOIN_GAP = 1.2;

/**
 * Pieces of text on the same row with only a word-sized gap between them, joined into lines (each
 * piece list left to right). Tesseract's sparse-text mode sometimes cuts "3. Battery" into "3" and
 * ". Battery". `apart(a, b)` can veto a join, e.g. when a frame edge ran between them.
 */
export function joinRowPieces(
  pieces: OcrBox[],
  apart: (left: number, right: number) => boolean = () => false
): number[][] {
  const order = pieces.map((_, i) => i).sort((a, b) => pieces[a]!.x - pieces[b]!.x);
  const lines: number[][] = [];
  for (const i of order) {
    const piece = pieces[i]!;
    const line = lines.find((candidate) => {
      const last = pieces[candidate[candidate.length - 1]!]!;
      const overlap = Math.min(bottom(last), bottom(piece)) - Math.max(last.y, piece.y);
      const short = Math.min(last.height, piece.height);
      const gap = piece.x - right(last);
      return (
        overlap >= 0.5 * short &&
        gap >= -0.5 * short &&
        gap <= JOIN_GAP * Math.max(last.height, piece.height) &&
        !apart(candidate[candidate.length - 1]!, i)
      );
    });
    if (line) line.push(i);
    else lines.push([i]);
  }
  return lines;
}

function followsAsSameBlock(above: OcrBox, line: OcrBox): boolean {
  const tall = Math.max(above.height, line.height);
  const short = Math.min(above.height, line.height);
  if (short <= 0 || tall / short > MAX_HEIGHT_RATIO) return false;
  const gap = line.y - bottom(above);
  if (gap < -0.5 * short || gap > MAX_LINE_GAP * tall) return false;
  if (Math.min(right(above), right(line)) <= Math.max(above.x, line.x)) return false;
  const tolerance = EDGE_TOLERANCE * tall;
  return (
    Math.abs(above.x - line.x) <= tolerance ||
    Math.abs(centreX(above) - centreX(line)) <= tolerance ||
    Math.abs(right(above) - right(line)) <= tolerance
  );
}

/** Lines (boxes) grouped into blocks; each block's lines top to bottom. Blocks in no particular order. */
export function groupIntoBlocks(lines: OcrBox[]): number[][] {
  const order = lines.map((_, i) => i).sort((a, b) => lines[a]!.y - lines[b]!.y || lines[a]!.x - lines[b]!.x);
  const blocks: number[][] = [];
  for (const i of order) {
    const line = lines[i]!;
    let best: { block: number[]; gap: number } | undefined;
    for (const block of blocks) {
      const last = lines[block[block.length - 1]!]!;
      if (!followsAsSameBlock(last, line)) continue;
      const gap = line.y - bottom(last);
      if (!best || gap < best.gap) best = { block, gap };
    }
    if (best) best.block.push(i);
    else blocks.push([i]);
  }
  return blocks;
}

/** Items split where their projection on one axis has a gap of more than `minGap`; parts in axis order. */
function splitByProjection(ids: number[], boxes: OcrBox[], axis: 'x' | 'y', minGap: number): number[][] {
  const start = (b: OcrBox) => (axis === 'x' ? b.x : b.y);
  const end = (b: OcrBox) => (axis === 'x' ? right(b) : bottom(b));
  const sorted = [...ids].sort((a, b) => start(boxes[a]!) - start(boxes[b]!));
  const parts: number[][] = [];
  let reach = -Infinity;
  for (const id of sorted) {
    const box = boxes[id]!;
    if (!parts.length || start(box) - reach > minGap) parts.push([]);
    parts[parts.length - 1]!.push(id);
    reach = Math.max(reach, end(box));
  }
  return parts;
}

/** Largest height of a band (in line heights) still taken as a bar: title, menu, tab or status bar. */
const BAR_HEIGHT = 1.6;

function xyCut(ids: number[], boxes: OcrBox[], lineHeight: number): number[] {
  if (ids.length <= 1) return ids;
  const rows = splitByProjection(ids, boxes, 'y', 0);
  const columnsOf = (part: number[]) => splitByProjection(part, boxes, 'x', MIN_COLUMN_GAP * lineHeight);
  const columns = columnsOf(ids);
  /*
   * A one-line band across the top or bottom (a menu bar) is read before or after all else; but not
   * a band that only continues the columns below or above it (their first or last row, when each of
   * their lines is a block of its own), or the columns would be read row by row across.
   */
  const isBar = (band: number[], rest: number[]) => {
    if (unionBox(band.map((id) => boxes[id]!)).height > BAR_HEIGHT * lineHeight) return false;
    const restColumns = columnsOf(rest).length;
    return restColumns < 2 || columns.length !== restColumns;
  };
  if (rows.length > 1) {
    if (isBar(rows[0]!, rows.slice(1).flat())) {
      return [...xyCut(rows[0]!, boxes, lineHeight), ...xyCut(rows.slice(1).flat(), boxes, lineHeight)];
    }
    const last = rows[rows.length - 1]!;
    if (isBar(last, rows.slice(0, -1).flat())) {
      return [...xyCut(rows.slice(0, -1).flat(), boxes, lineHeight), ...xyCut(last, boxes, lineHeight)];
    }
  }
  // Columns before rows, so paragraph gaps that line up across two columns do not interleave them.
  if (columns.length > 1) return columns.flatMap((part) => xyCut(part, boxes, lineHeight));
  if (rows.length > 1) return rows.flatMap((part) => xyCut(part, boxes, lineHeight));
  return [...ids].sort((a, b) => boxes[a]!.y - boxes[b]!.y || boxes[a]!.x - boxes[b]!.x);
}

/** Blocks (boxes) in reading order, as indexes. `lineHeight` (the typical line's) scales the gaps. */
export function orderBlocks(blocks: OcrBox[], lineHeight: number): number[] {
  return xyCut(
    blocks.map((_, i) => i),
    blocks,
    lineHeight
  );
}
/** Lines (boxes) in reading order: blocks in XY-cut order, each a list of line indexes top to bottom. */
export function readingOrder(lines: OcrBox[]): number[][] {
  const blocks = groupIntoBlocks(lines);
  const boxes = blocks.map((block) => unionBox(block.map((i) => lines[i]!)));
  return orderBlocks(boxes, median(lines.map((l) => l.height))).map((b) => blocks[b]!);
}
