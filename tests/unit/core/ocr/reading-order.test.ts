import { describe, expect, it } from 'vitest';
import { groupIntoBlocks, joinRowPieces, readingOrder, splitAtGaps } from '../../../../src/core/ocr/reading-order';
import type { OcrBox } from '../../../../src/core/ocr/types';

const box = (x: number, y: number, width: number, height = 14): OcrBox => ({ x, y, width, height });
/** Lines of a column: `count` lines from (x, y), 20 px apart. */
const column = (x: number, y: number, count: number, width = 300) =>
  Array.from({ length: count }, (_, i) => box(x, y + i * 20, width - (i % 3) * 40));

describe('reading order', () => {
  it('reads one paragraph top to bottom as one block', () => {
    expect(readingOrder(column(10, 10, 4))).toEqual([[0, 1, 2, 3]]);
  });

  it('reads the left column before the right, even when paragraph gaps line up', () => {
    const left = [...column(20, 100, 3), ...column(20, 180, 3)];
    const right = [...column(400, 100, 3), ...column(400, 180, 3)];
    const heading = box(20, 40, 250, 24);
    // Given shuffled: right column first, heading last.
    const lines = [...right, ...left, heading];
    const order = readingOrder(lines).flat();
    expect(order).toEqual([12, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5]);
    // Paragraphs stay separate blocks.
    expect(readingOrder(lines)).toHaveLength(5);
  });

  it('reads a menu bar before the sidebar and content below it', () => {
    const menu = [box(20, 10, 30), box(70, 10, 30), box(120, 10, 30), box(170, 10, 30)];
    const sidebar = [box(20, 60, 60), box(20, 100, 60), box(20, 140, 60)];
    const content = column(200, 60, 5, 500);
    const order = readingOrder([...content, ...sidebar, ...menu]).flat();
    expect(order).toEqual([8, 9, 10, 11, 5, 6, 7, 0, 1, 2, 3, 4]);
  });

  it('reads widely spaced columns column by column, though each line is a block of its own', () => {
    // List rows 2.5 line heights apart (a large screen's sidebar and two columns): too far apart to
    // join into blocks, so the top row looks like a bar; it is the columns' first row instead.
    const rows = (x: number, count: number, width: number) =>
      Array.from({ length: count }, (_, i) => box(x, 100 + i * 36, width));
    const sidebar = rows(20, 4, 60);
    const left = rows(200, 6, 400);
    const right = rows(800, 6, 400);
    const menu = [box(20, 20, 30), box(120, 20, 30), box(220, 20, 30)];
    const lines = [...right, ...left, ...sidebar, ...menu];
    expect(groupIntoBlocks(lines)).toHaveLength(lines.length);
    const order = readingOrder(lines).flat();
    const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
    expect(order).toEqual([...ids(16, 3), ...ids(12, 4), ...ids(6, 6), ...ids(0, 6)]);
  });

  it('keeps a dialog over a page as its own block, read whole', () => {
    const page = Array.from({ length: 12 }, (_, i) => box(20, 20 + i * 22, 300));
    const rightOfDialog = Array.from({ length: 4 }, (_, i) => box(620, 110 + i * 22, 200));
    const dialog = [
      box(360, 120, 220, 16),
      box(360, 150, 230),
      box(360, 170, 200),
      box(400, 210, 60),
      box(500, 210, 50)
    ];
    const lines = [...page, ...rightOfDialog, ...dialog];
    const blocks = readingOrder(lines);
    const dialogIds = dialog.map((_, i) => 16 + i);
    const flat = blocks.flat();
    const positions = dialogIds.map((id) => flat.indexOf(id));
    // Contiguous, and in the dialog's own order.
    expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
    for (const block of blocks) {
      const inDialog = block.filter((id) => dialogIds.includes(id));
      expect(inDialog.length === 0 || inDialog.length === block.length).toBe(true);
    }
  });

  it('does not join lines of different size, alignment or spacing', () => {
    expect(groupIntoBlocks([box(10, 10, 300, 28), box(10, 45, 300)])).toHaveLength(2);
    expect(groupIntoBlocks([box(10, 10, 300), box(200, 30, 300)])).toHaveLength(2);
    expect(groupIntoBlocks([box(10, 10, 300), box(10, 60, 300)])).toHaveLength(2);
    // Centred lines (a dialog's message) belong together.
    expect(groupIntoBlocks([box(100, 10, 300), box(150, 30, 200)])).toHaveLength(1);
  });

  it('splits a line at a column-wide gap and joins pieces of one row', () => {
    expect(splitAtGaps([box(0, 0, 50), box(56, 0, 40), box(200, 0, 60)])).toEqual([[0, 1], [2]]);
    expect(joinRowPieces([box(40, 2, 100), box(10, 0, 20), box(400, 0, 50)])).toEqual([[1, 0], [2]]);
    expect(joinRowPieces([box(10, 0, 20), box(40, 2, 100)], () => true)).toEqual([[0], [1]]);
  });
});
