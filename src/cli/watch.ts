import { readdir } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { ReplyOf } from '../shared/contract';
import { cliCore, EXIT, loadCliContext, readImageFile, type CliIo } from './context';

export interface WatchArgs {
  /** A folder of PNG or JPEG frames of a screen, watched in name order. */
  frames?: string;
  /** Frames a second the folder stands for (2 by default, as Lumen watches a screen). */
  fps?: string;
  describe?: boolean;
}

const FRAME_TYPES = new Set(['.png', '.jpg', '.jpeg']);

/** "00:03.5": minutes, seconds and tenths since the first frame. */
export function clockTime(ms: number): string {
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}

/** The folder's frames in name order, numbers counted as numbers (frame2 before frame10). */
async function framesIn(dir: string, io: CliIo): Promise<string[] | undefined> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    io.err(missing ? `Lumen cannot find ${dir}.` : `Lumen cannot read the folder ${dir}.`);
    return undefined;
  }
  const frames = names
    .filter((name) => FRAME_TYPES.has(extname(name).toLowerCase()))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (!frames.length) io.err(`${dir} has no PNG or JPEG frames.`);
  return frames.length ? frames.map((name) => join(dir, name)) : undefined;
}

/**
 * `lumen watch --frames DIR [--fps N] [--describe]`: the frames of a screen go through the app's own
 * watch, as if the screen were watched at N frames a second, and each change is printed with its time
 * ("00:03.5 New text: Download complete"). Lumen's messages go to stderr.
 */
export async function runWatch(args: WatchArgs, io: CliIo): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  if (!args.frames) return usage('lumen watch needs --frames DIR or --video FILE.y4m.');
  const fps = args.fps === undefined ? 2 : Number(args.fps);
  if (!Number.isFinite(fps) || fps <= 0 || fps > 30) return usage('--fps must be a number above 0, at most 30.');
  const frames = await framesIn(args.frames, io);
  if (!frames) return EXIT.failed;

  // The watch's clock is the frames' own time, so a folder is watched as fast as it can be read.
  const clock = { now: 0 };
  const core = await cliCore(await loadCliContext(io), io, () => {}, { now: () => clock.now });
  try {
    const started = await core.router.invoke('watch.start', { area: 'region', describeChanges: !!args.describe });
    if (!started.ok) {
      io.err(started.error.message);
      return EXIT.failed;
    }
    const { id } = started.value as ReplyOf<'watch.start'>;
    let failed = false;
    for (const [i, path] of frames.entries()) {
      const image = await readImageFile(path, io);
      if (!image) {
        failed = true;
        continue;
      }
      clock.now = (i * 1000) / fps;
      const seen = await core.router.invoke('watch.frame', { id, image });
      if (!seen.ok) {
        io.err(`${path}: ${seen.error.message}`);
        failed = true;
        continue;
      }
      for (const remark of (seen.value as ReplyOf<'watch.frame'>).remarks) io.out(`${clockTime(clock.now)} ${remark}`);
    }
    await core.router.invoke('watch.stop', { id });
    return failed ? EXIT.failed : EXIT.ok;
  } finally {
    await core.close();
  }
}
