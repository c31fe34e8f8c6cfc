import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { FRAME, photographedPage } from '../unit/core/document/pages';
import { emptyPlanes, writeY4m, yuvOf, type Planes } from './y4m-writer';

/*
 * The reading-with-the-camera test clip: a letter (tests/unit/core/document/pages.ts) on a dark table,
 * 1280 × 720 at 5 frames a second. First the empty table, then the page slides in from the left, comes
 * the last bit slowly to the middle, and rests there, every frame with noise of its own. The fake
 * camera starts the clip when the page opens it, so the page's clock since then is the clip's.
 */

export const PAGE_CLIP = { width: FRAME.width, height: FRAME.height, fps: 5 } as const;

/** The page centre's offset from the frame's, frame by frame (the first value: out of view). */
const OUT = -1200;
const SCRIPT: number[] = [
  // 2.6 s of the empty table.
  ...Array<number>(13).fill(OUT),
  // 2 s sliding in, cut off at the left.
  ...[-900, -820, -740, -660, -580, -500, -440, -380, -330, -290],
  // 3 s coming slowly to the middle, whole in view.
  ...Array.from({ length: 15 }, (_, i) => Math.round(-190 + (190 * (i + 1)) / 15)),
  // 8 s at rest.
  ...Array<number>(40).fill(0)
];
/** Seconds into the clip when the page comes to rest. */
export const PAGE_CLIP_REST = SCRIPT.indexOf(0) / PAGE_CLIP.fps;
/** The clip's length in seconds; the fake camera loops it. */
export const PAGE_CLIP_SECONDS = SCRIPT.length / PAGE_CLIP.fps;
/** Frames at one place cycle through this many noises, as a camera's frames differ at rest. */
const NOISES = 5;

/** A 1280 × 720 JPEG as the clip's planes. */
export async function planesOf(jpeg: Buffer): Promise<Planes> {
  const { width, height } = PAGE_CLIP;
  const rgb = await sharp(jpeg).removeAlpha().raw().toBuffer();
  const planes = emptyPlanes(width, height);
  for (let i = 0; i < width * height; i++) planes.y[i] = yuvOf([rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!])[0];
  // Colour at half size, from each 2×2 block's top-left pixel: the scene is nearly grey.
  for (let cy = 0; cy < height / 2; cy++) {
    for (let cx = 0; cx < width / 2; cx++) {
      const i = (cy * 2 * width + cx * 2) * 3;
      const [, u, v] = yuvOf([rgb[i]!, rgb[i + 1]!, rgb[i + 2]!]);
      planes.u[cy * (width / 2) + cx] = u;
      planes.v[cy * (width / 2) + cx] = v;
    }
  }
  return planes;
}

/**
 * The clip as a Y4M file, made once and kept in the temporary folder under a name taken from the text
 * of this file and of the page maker: a change to either makes a new clip.
 */
export async function pageClipFile(): Promise<string> {
  const hash = createHash('sha256')
    .update(readFileSync(import.meta.filename))
    .update(readFileSync(join(import.meta.dirname, '..', 'unit', 'core', 'document', 'pages.ts')))
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), 'lumen-clips');
  const path = join(dir, `page-clip-${hash}.y4m`);
  if (existsSync(path)) return path;
  for (const old of existsSync(dir) ? readdirSync(dir) : []) {
    if (old.startsWith('page-clip-') && !old.startsWith(`page-clip-${hash}`)) rmSync(join(dir, old), { force: true });
  }
  const made = new Map<string, Planes>();
  const frames: Planes[] = [];
  for (const [i, dx] of SCRIPT.entries()) {
    // A place shown in several frames (the table, the resting page) cycles through a few noises.
    const repeated = SCRIPT.filter((x) => x === dx).length > 1;
    const seed = repeated ? 1900 + (i % NOISES) : 1900 + i;
    const key = `${dx}/${seed}`;
    if (!made.has(key)) made.set(key, await planesOf((await photographedPage({ pose: { dx, rotate: 2 }, seed })).jpeg));
    frames.push(made.get(key)!);
  }
  return writeY4m(path, { ...PAGE_CLIP, frames: frames.length }, (i) => frames[i]!);
}
