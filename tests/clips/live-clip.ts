import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ColourName } from '../fakes/openai/images';
import { seededRandom } from '../seeded-random';
import { emptyPlanes, writeY4m, yuvOf, type Planes, type Rgb } from './y4m-writer';

/*
 * The live-description test clip: a minute of a camera looking at a room, 640×480 at 10 frames a
 * second, with five scripted changes (things put down in view, the camera turning to another part of
 * the room) and, all the way through, what a real camera adds while nothing changes: sensor noise on
 * every frame and light that slowly brightens, dims and shifts across the picture. Every object is one
 * clear colour covering over a fifth of the view, so the fake service's answer ("mostly grey and red")
 * names it from the pixels.
 *
 * The bottom strip carries the frame's number in its colour only (brightness is the same in every
 * cell), like a camera's time stamp: a test reads it to know which moment of the clip is on screen,
 * and Lumen's detector, which compares brightness, does not see it change.
 */

export const CLIP = { width: 640, height: 480, fps: 10, seconds: 60 } as const;
export const CLIP_FRAMES = CLIP.fps * CLIP.seconds;

export interface ClipChange {
  /** Seconds into the clip when the new view is complete (a pan has stopped, an object is there). */
  at: number;
  /** When the change begins: the same as `at` for an object put down, earlier for a pan. */
  startsAt: number;
  kind: 'appears' | 'pan';
  what: string;
  /** What the fake service calls its colour. */
  colour: ColourName;
}

/** The script: five changes, ten seconds apart, in the order they happen. */
export const CLIP_CHANGES: readonly ClipChange[] = [
  { at: 8, startsAt: 8, kind: 'appears', what: 'a red ball', colour: 'red' },
  { at: 18, startsAt: 17, kind: 'pan', what: 'a blue door', colour: 'blue' },
  { at: 28, startsAt: 28, kind: 'appears', what: 'a yellow box', colour: 'yellow' },
  { at: 38, startsAt: 37, kind: 'pan', what: 'a green plant', colour: 'green' },
  { at: 48, startsAt: 48, kind: 'appears', what: 'a purple bag', colour: 'purple' }
];

/** The frame counter: bits of the frame number, most significant first, one cell each along the bottom. */
export const FRAME_COUNTER = { top: 448, height: 32, cellWidth: 64, bits: 10 } as const;
/** How far a counter cell's blue-difference sits from neutral: + for a 1, − for a 0. */
const COUNTER_U = 24;

const PANORAMA = { width: CLIP.width * 3, height: CLIP.height };
const WALL: Rgb = [150, 150, 146];
const FLOOR: Rgb = [96, 96, 96];
const FLOOR_TOP = 400;

interface Shape {
  /** The box the shape lies in: [left, top, right, bottom), in panorama pixels. */
  box: [number, number, number, number];
  contains(x: number, y: number): boolean;
  colour: Rgb;
  shade?: (x: number, y: number) => number;
}

const rect = (x0: number, y0: number, x1: number, y1: number, colour: Rgb): Shape => ({
  box: [x0, y0, x1, y1],
  contains: () => true,
  colour
});
const disc = (cx: number, cy: number, r: number, colour: Rgb): Shape => ({
  box: [cx - r, cy - r, cx + r, cy + r],
  contains: (x, y) => (x - cx) ** 2 + (y - cy) ** 2 < r * r,
  colour,
  // Lit from the top left: a round thing, not a flat disc.
  shade: (x, y) => 1 - 0.2 * Math.min(1, Math.hypot(x - (cx - r / 2), y - (cy - r / 2)) / (1.5 * r))
});

/** What is in the room, in panorama coordinates; `from` is the change that brings it (none: always there). */
const OBJECTS: Array<{ from?: number; shapes: Shape[] }> = [
  // The door, seen once the camera turns at 17 s; the plant once it turns again at 37 s.
  { shapes: [rect(840, 40, 1060, 400, [40, 70, 200]), disc(1035, 230, 9, [190, 190, 190])] },
  {
    shapes: [
      rect(1540, 330, 1640, 400, [120, 118, 112]),
      disc(1590, 210, 130, [50, 160, 70]),
      disc(1490, 270, 95, [50, 160, 70]),
      disc(1690, 270, 95, [50, 160, 70])
    ]
  },
  { from: 0, shapes: [disc(430, 240, 150, [210, 40, 40])] },
  // In front of the door's lower part.
  { from: 2, shapes: [rect(760, 190, 1110, 440, [235, 205, 40])] },
  // In front of the plant's right side.
  { from: 4, shapes: [rect(1560, 150, 1910, 440, [140, 50, 200]), rect(1640, 110, 1830, 150, [110, 40, 160])] }
];

/** The bare room as RGB: a plastered wall with seams and grey pictures, a floor with boards. */
function room(): Float32Array {
  const rand = seededRandom(17);
  const { width, height } = PANORAMA;
  const rgb = new Float32Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const floor = y >= FLOOR_TOP;
      let tone = floor ? ((y - FLOOR_TOP) % 24 < 2 ? -30 : 0) : x % 96 < 3 ? -35 : 0;
      // Plaster: a fine, fixed texture.
      tone += (rand() - 0.5) * 10;
      const [r, g, b] = floor ? FLOOR : WALL;
      const i = (y * width + x) * 3;
      rgb[i] = r + tone;
      rgb[i + 1] = g + tone;
      rgb[i + 2] = b + tone;
    }
  }
  for (let n = 0; n < 9; n++) {
    const w = 60 + Math.floor(rand() * 90);
    const h = 50 + Math.floor(rand() * 70);
    const x0 = Math.floor(rand() * (width - w));
    const y0 = 30 + Math.floor(rand() * (FLOOR_TOP - h - 60));
    const inside = 110 + rand() * 100;
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const border = x < x0 + 6 || x >= x0 + w - 6 || y < y0 + 6 || y >= y0 + h - 6;
        rgb.fill(border ? 60 : inside, (y * width + x) * 3, (y * width + x) * 3 + 3);
      }
    }
  }
  return rgb;
}

/** The room with the objects of the scene after change `changesDone`, as Y (full size) and U, V (half size). */
function panorama(base: Float32Array, changesDone: number): { y: Float32Array; u: Uint8Array; v: Uint8Array } {
  const { width, height } = PANORAMA;
  const rgb = base.slice();
  for (const shape of OBJECTS.filter((o) => o.from === undefined || o.from < changesDone).flatMap((o) => o.shapes)) {
    const [x0, y0, x1, y1] = shape.box;
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) {
      for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) {
        if (!shape.contains(x, y)) continue;
        const s = shape.shade?.(x, y) ?? 1;
        const i = (y * width + x) * 3;
        rgb[i] = shape.colour[0] * s;
        rgb[i + 1] = shape.colour[1] * s;
        rgb[i + 2] = shape.colour[2] * s;
      }
    }
  }
  const y = new Float32Array(width * height);
  const u = new Uint8Array((width / 2) * (height / 2));
  const v = new Uint8Array(u.length);
  for (let py = 0; py < height; py++) {
    for (let px = 0; px < width; px++) {
      const i = py * width + px;
      y[i] = yuvOf([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!])[0];
    }
  }
  // Colour at half size, from the mean of each 2×2 block.
  for (let cy = 0; cy < height / 2; cy++) {
    for (let cx = 0; cx < width / 2; cx++) {
      const mean = [0, 0, 0];
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1]
      ] as const) {
        const i = ((cy * 2 + dy) * width + cx * 2 + dx) * 3;
        for (let k = 0; k < 3; k++) mean[k]! += rgb[i + k]! / 4;
      }
      const [, U, V] = yuvOf(mean as unknown as Rgb);
      u[cy * (width / 2) + cx] = U;
      v[cy * (width / 2) + cx] = V;
    }
  }
  return { y, u, v };
}

/** Where the camera's left edge is in the room at `t` seconds: pans ease in and out. */
function viewLeft(t: number): number {
  let left = 0;
  for (const change of CLIP_CHANGES) {
    if (change.kind !== 'pan' || t < change.startsAt) continue;
    const p = Math.min(1, (t - change.startsAt) / (change.at - change.startsAt));
    left += CLIP.width * (p * p * (3 - 2 * p));
  }
  // Even, so the half-size colour planes stay aligned.
  return 2 * Math.round(left / 2);
}

/** Light over the minute: exposure breathing ±10 %, and a brighter side that slowly swaps. */
function lighting(t: number) {
  return { gain: 1 + 0.1 * Math.sin((2 * Math.PI * t) / 23), slope: 6 * Math.sin((2 * Math.PI * t) / 31) };
}

/** Makes the clip's frames one by one; the room is drawn once. */
export function clipFrames(): (index: number) => Planes {
  const base = room();
  const scenes = Array.from({ length: CLIP_CHANGES.length + 1 }, (_, done) => panorama(base, done));
  const { width, height } = CLIP;
  const planes = emptyPlanes(width, height);
  // Sensor noise: a long table of values, read from a different place in every frame.
  const noiseTable = Float32Array.from({ length: 1 << 20 }, seededRandom(1000)).map((n) => (n - 0.5) * 8);
  const shift = new Float32Array(width);
  return (index) => {
    const t = index / CLIP.fps;
    const scene = scenes[CLIP_CHANGES.filter((c) => t >= c.startsAt).length]!;
    const left = viewLeft(t);
    const { gain, slope } = lighting(t);
    for (let x = 0; x < width; x++) shift[x] = 16 - 16 * gain + (slope * (2 * x - width)) / width;
    let n = Math.floor(seededRandom(2000 + index)() * noiseTable.length);
    const out = new Uint8ClampedArray(planes.y.buffer);
    for (let y = 0; y < height; y++) {
      const row = y * PANORAMA.width + left;
      for (let x = 0; x < width; x++) {
        const Y = y >= FRAME_COUNTER.top ? 120 : scene.y[row + x]! + noiseTable[n++ & 0xfffff]!;
        out[y * width + x] = Y * gain + shift[x]!;
      }
    }
    const cw = width / 2;
    for (let cy = 0; cy < height / 2; cy++) {
      const row = cy * (PANORAMA.width / 2) + left / 2;
      if (cy * 2 < FRAME_COUNTER.top) {
        planes.u.set(scene.u.subarray(row, row + cw), cy * cw);
        planes.v.set(scene.v.subarray(row, row + cw), cy * cw);
        continue;
      }
      for (let cx = 0; cx < cw; cx++) {
        const bit = Math.floor((cx * 2) / FRAME_COUNTER.cellWidth);
        const one = bit < FRAME_COUNTER.bits && (index >> (FRAME_COUNTER.bits - 1 - bit)) & 1;
        planes.u[cy * cw + cx] = 128 + (one ? COUNTER_U : -COUNTER_U);
        planes.v[cy * cw + cx] = 128;
      }
    }
    return planes;
  };
}

/**
 * The clip as a Y4M file, made once and kept in the temporary folder under a name taken from this
 * file's own text: a change to the script or the pictures makes a new clip.
 */
export function liveClipFile(): string {
  const source = readFileSync(import.meta.filename);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'lumen-clips');
  const name = `live-clip-${hash}.y4m`;
  const path = join(dir, name);
  if (existsSync(path)) return path;
  // Clips of earlier versions of this file (and what was made from them) are large: not kept.
  for (const old of existsSync(dir) ? readdirSync(dir) : []) {
    if (old.startsWith('live-clip-') && !old.startsWith(`live-clip-${hash}`)) rmSync(join(dir, old), { force: true });
  }
  return writeY4m(path, { ...CLIP, frames: CLIP_FRAMES }, clipFrames());
}

/** The frame number in a counter strip read back as RGB: a cell is a 1 where blue outweighs red. */
export function readFrameCounter(pixel: (x: number, y: number) => Rgb): number {
  let index = 0;
  const y = FRAME_COUNTER.top + FRAME_COUNTER.height / 2;
  for (let bit = 0; bit < FRAME_COUNTER.bits; bit++) {
    const [r, , b] = pixel(bit * FRAME_COUNTER.cellWidth + FRAME_COUNTER.cellWidth / 2, y);
    index = index * 2 + (b > r ? 1 : 0);
  }
  return index;
}
