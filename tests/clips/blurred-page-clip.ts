import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { photographedPage } from '../unit/core/document/pages';
import { PAGE_CLIP, planesOf } from './page-clip';
import { writeY4m, type Planes } from './y4m-writer';

/*
 * A letter held still in front of a camera too blurred for it to be read offline (blur σ 2.5, every
 * word unclear): for asking the cloud to read it. Two seconds at 5 frames a second, looped by the fake
 * camera, each frame with noise of its own.
 */

export const BLURRED_PAGE = { pose: { rotate: 2 }, blur: 2.5 };
const FRAMES = 10;

/** The clip as a Y4M file, made once and kept under a name taken from this file and the page maker. */
export async function blurredPageClipFile(): Promise<string> {
  const hash = createHash('sha256')
    .update(readFileSync(import.meta.filename))
    .update(readFileSync(join(import.meta.dirname, '..', 'unit', 'core', 'document', 'pages.ts')))
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), 'lumen-clips');
  const path = join(dir, `blurred-page-clip-${hash}.y4m`);
  if (existsSync(path)) return path;
  const frames: Planes[] = [];
  for (let i = 0; i < FRAMES; i++)
    frames.push(await planesOf((await photographedPage({ ...BLURRED_PAGE, seed: 2100 + i })).jpeg));
  return writeY4m(path, { ...PAGE_CLIP, frames: FRAMES }, (i) => frames[i]!);
}
