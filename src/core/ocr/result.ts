import type { PreparedForOcr } from './preprocess';
import { joinRowPieces, readingOrder, splitAtGaps, unionBox } from './reading-order';
import type { OcrBox, OcrLine, OcrResult, OcrWord } from './types';

export interface RawWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

export interface RawLine {
  words: RawWord[];
}

/** Tesseract's TSV level of a word row (1 page, 2 block, 3 paragraph, 4 line, 5 word). */
const TSV_WORD = '5';

/**
 * Tesseract's lines with their words, in the order it found them, from its TSV output (one row per
 * page, block, paragraph, line and word: level, page, block, paragraph, line, word, left, top, width,
 * height, confidence, text). Asked for instead of tesseract.js's JSON blocks, which hold every
 * character and its alternatives and cost a read about a tenth more. `dy` is added to every y.
 */
export function linesFromTsv(tsv: string, dy = 0): RawLine[] {
  const lines: RawLine[] = [];
  let key = '';
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells[0] !== TSV_WORD || cells.length < 12) continue;
    const [, page, block, paragraph, line, , left, top, width, height, confidence] = cells;
    const text = cells.slice(11).join('\t');
    const lineKey = `${page} ${block} ${paragraph} ${line}`;
    if (lineKey !== key || !lines.length) lines.push({ words: [] });
    key = lineKey;
    const x0 = Number(left);
    const y0 = Number(top) + dy;
    lines[lines.length - 1]!.words.push({
      text,
      confidence: Number(confidence),
      bbox: { x0, y0, x1: x0 + Number(width), y1: y0 + Number(height) }
    });
  }
  return lines;
}

/** Splits a line's words (sorted left to right) wherever a painted-over frame edge ran between two of them. */
function splitAtRules(words: RawWord[], prepared: PreparedForOcr): RawWord[][] {
  const parts: RawWord[][] = [];
  for (const word of [...words].sort((a, b) => a.bbox.x0 - b.bbox.x0)) {
    const last = parts[parts.length - 1]?.at(-1);
    const ruled = last !== undefined && ruleBetween(last.bbox, word.bbox, prepared);
    if (!last || ruled) parts.push([]);
    parts[parts.length - 1]!.push(word);
  }
  return parts;
}

/** Box in the source image's pixels, from one in the pixels Tesseract saw. */
function toSource(bbox: RawWord['bbox'], prepared: PreparedForOcr): OcrBox {
  const sx = prepared.sourceWidth / prepared.width;
  const sy = prepared.sourceHeight / prepared.height;
  const x0 = Math.max(0, Math.floor(bbox.x0 * sx));
  const y0 = Math.max(0, Math.floor(bbox.y0 * sy));
  const x1 = Math.min(prepared.sourceWidth, Math.ceil(bbox.x1 * sx));
  const y1 = Math.min(prepared.sourceHeight, Math.ceil(bbox.y1 * sy));
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}

/** Characters a frame's edge (a focus ring, a button's border) is read as. */
const EDGE_LIKE = /^[[\]|(){}Il1!]$/;
/**
 * An edge stands at least this many times taller than the words beside it (their boxes grow with
 * the bits of frame OCR joins to them), and reaches past them above and below by this share of their
 * height; a bracket printed round a word, or a capital I, does not.
 */
const EDGE_HEIGHT = 1.3;
const EDGE_OVERHANG = 0.1;

const heightOf = (w: RawWord) => w.bbox.y1 - w.bbox.y0;

/**
 * A lone bracket or bar that spans the words on its line from above to below, and stands well taller,
 * is the edge of a frame drawn round them (the focus ring round a button reads as "[ Cancel |").
 */
function isFrameEdge(word: RawWord, line: readonly RawWord[]): boolean {
  if (!EDGE_LIKE.test(word.text.trim())) return false;
  const others = line.filter((w) => w !== word && !EDGE_LIKE.test(w.text.trim()));
  if (!others.length) return false;
  const tallest = Math.max(...others.map(heightOf));
  const overhang = EDGE_OVERHANG * tallest;
  const encloses = others.every((w) => word.bbox.y0 <= w.bbox.y0 - overhang && word.bbox.y1 >= w.bbox.y1 + overhang);
  return encloses && heightOf(word) >= EDGE_HEIGHT * tallest;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);

function ruleBetween(left: RawWord['bbox'], right: RawWord['bbox'], prepared: PreparedForOcr): boolean {
  return prepared.verticalRules.some(
    (r) =>
      r.x >= left.x1 - 1 &&
      r.x <= right.x0 + 1 &&
      r.top <= Math.max(left.y1, right.y1) &&
      r.bottom >= Math.min(left.y0, right.y0)
  );
}

/** Tesseract's lines turned into Lumen's result: source coordinates, split at wide gaps, in reading order. */
export function buildResult(rawLines: RawLine[], prepared: PreparedForOcr, lang: string): OcrResult {
  const pieces = rawLines
    .map((raw) => raw.words.filter((w) => !isFrameEdge(w, raw.words)))
    .flatMap((words) => splitAtRules(words, prepared))
    .map((words) => words.filter((w) => w.text.trim() !== ''))
    .filter((words) => words.length > 0);
  const pieceBox = (words: RawWord[]) =>
    words.reduce(
      (box, w) => ({
        x0: Math.min(box.x0, w.bbox.x0),
        y0: Math.min(box.y0, w.bbox.y0),
        x1: Math.max(box.x1, w.bbox.x1),
        y1: Math.max(box.y1, w.bbox.y1)
      }),
      words[0]!.bbox
    );
  const boxes = pieces.map(pieceBox);
  const joined = joinRowPieces(
    boxes.map((b) => ({ x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 })),
    (a, b) => ruleBetween(boxes[a]!, boxes[b]!, prepared)
  );

  const lines: { words: OcrWord[]; box: OcrBox }[] = [];
  for (const group of joined) {
    const words = group
      .flatMap((i) => pieces[i]!)
      .map((w) => ({ text: w.text.trim(), confidence: w.confidence, box: toSource(w.bbox, prepared) }));
    // Tesseract sometimes runs one row across a column gap; such a line is two.
    for (const segment of splitAtGaps(words.map((w) => w.box))) {
      const segmentWords = segment.map((i) => words[i]!);
      lines.push({ words: segmentWords, box: unionBox(segmentWords.map((w) => w.box)) });
    }
  }

  const order = readingOrder(lines.map((l) => l.box));
  const words: OcrWord[] = [];
  const outLines: OcrLine[] = [];
  const blocks: OcrResult['blocks'] = [];
  for (const block of order) {
    const lineIndexes: number[] = [];
    for (const index of block) {
      const line = lines[index]!;
      const wordIndexes = line.words.map((w) => words.push(w) - 1);
      lineIndexes.push(outLines.length);
      outLines.push({
        text: line.words.map((w) => w.text).join(' '),
        confidence: mean(line.words.map((w) => w.confidence)),
        box: line.box,
        words: wordIndexes
      });
    }
    blocks.push({ box: unionBox(lineIndexes.map((i) => outLines[i]!.box)), lines: lineIndexes });
  }
  const text = blocks.map((b) => b.lines.map((i) => outLines[i]!.text).join('\n')).join('\n\n');
  return { width: prepared.sourceWidth, height: prepared.sourceHeight, lang, words, lines: outLines, blocks, text };
}
