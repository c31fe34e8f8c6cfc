/** A part of the picture, as fractions of its width and height. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const WHOLE: Region = { x: 0, y: 0, width: 1, height: 1 };

/** Cells numbered like a numeric keypad: 7 8 9 on top, 1 2 3 at the bottom. */
const CELLS: Record<string, { row: number; col: number; name: string }> = {
  '7': { row: 0, col: 0, name: 'top left' },
  '8': { row: 0, col: 1, name: 'top middle' },
  '9': { row: 0, col: 2, name: 'top right' },
  '4': { row: 1, col: 0, name: 'middle left' },
  '5': { row: 1, col: 1, name: 'centre' },
  '6': { row: 1, col: 2, name: 'middle right' },
  '1': { row: 2, col: 0, name: 'bottom left' },
  '2': { row: 2, col: 1, name: 'bottom middle' },
  '3': { row: 2, col: 2, name: 'bottom right' }
};

export const CELL_KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3'] as const;

export const cellName = (key: string) => CELLS[key]?.name ?? '';

export function zoomInto(region: Region, key: string): Region | undefined {
  const cell = CELLS[key];
  if (!cell) return undefined;
  const width = region.width / 3;
  const height = region.height / 3;
  return { x: region.x + cell.col * width, y: region.y + cell.row * height, width, height };
}

/** The region in the picture's own pixels. */
export function toPixels(region: Region, width: number, height: number) {
  return {
    x: Math.round(region.x * width),
    y: Math.round(region.y * height),
    width: Math.max(1, Math.round(region.width * width)),
    height: Math.max(1, Math.round(region.height * height))
  };
}
