import { Y4mError, Y4mReader, y4mLiveFrame } from '../core/live/y4m';
import { cliCore, EXIT, expectedFailure, loadCliContext, untilQuiet, type CliIo } from './context';

export interface WatchVideoArgs {
  video: string;
  describe?: boolean;
  fps?: string;
}

/** A moment of the video as minutes, seconds and tenths: "01:02.5". */
export function clipTime(ms: number): string {
  const tenths = Math.round(ms / 100);
  const minutes = Math.floor(tenths / 600);
  const seconds = (tenths % 600) / 10;
  return `${String(minutes).padStart(2, '0')}:${seconds.toFixed(1).padStart(4, '0')}`;
}

const dollars = (usd: number) => `$${usd.toFixed(4)}`;

/**
 * `lumen watch --video FILE.y4m [--describe] [--fps N]`: plays a video's frames through live
 * description as the camera's would go, at the live setting's frames a second (or --fps), and prints
 * each change with its time in the video; with --describe, what Lumen says about it, too.
 *
 * Live description's clock follows the video, not the wall: what the detector decides depends on the
 * video alone, however fast the machine. A remark is printed at the time of the frame that was sent plus
 * the time Lumen (and the service) took to say it, as if the video were playing live.
 */
export async function runWatchVideo(args: WatchVideoArgs, io: CliIo): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  const asked = args.fps === undefined ? undefined : Number(args.fps);
  if (asked !== undefined && !(asked > 0)) return usage('--fps must be a number of frames a second above 0.');
  let reader: Y4mReader;
  try {
    reader = await Y4mReader.open(args.video);
  } catch (error) {
    if (!(error instanceof Y4mError)) throw error;
    io.err(error.message);
    return EXIT.failed;
  }
  const context = await loadCliContext(io);
  const fps = asked ?? context.settings.live.framesPerSecond;
  if (fps > reader.header.fps) {
    await reader.close();
    return usage(`--fps can be at most the video's own ${Number(reader.header.fps.toFixed(2))} frames a second.`);
  }

  let clipMs = 0;
  /** When the frame being looked at was handed to Lumen (wall clock), for the time a remark takes. */
  let handedAt = 0;
  let remark: { atMs: number; text: string } | undefined;
  const core = await cliCore(
    context,
    io,
    (said) => {
      // Lumen's own messages are status lines (stderr) already.
      if (said.kind !== 'answer') return;
      remark ??= { atMs: clipMs + (performance.now() - handedAt), text: '' };
      remark.text += `${remark.text ? ' ' : ''}${said.text}`;
    },
    { now: () => clipMs }
  );
  try {
    await core.live.start({ describe: !!args.describe });
    let tick = -1;
    let changes = 0;
    /** Where the video has got to: the end of the last frame read or stepped over. */
    let endMs = 0;
    // The first frame at or after each 1/fps step, as a camera sampled at that rate would give.
    const sampled = (_: number, timeMs: number) => {
      endMs = timeMs + 1000 / reader.header.fps;
      const step = Math.floor((timeMs * fps) / 1000 + 1e-6);
      if (step <= tick) return false;
      tick = step;
      return true;
    };
    for await (const frame of reader.frames(sampled)) {
      clipMs = frame.timeMs;
      handedAt = performance.now();
      const result = await core.live.frame(y4mLiveFrame(frame));
      if (result === 'first' || result === 'changed') {
        if (result === 'changed') changes++;
        io.out(`${clipTime(clipMs)} ${result === 'first' ? 'first view' : 'changed'}`);
        await untilQuiet(core);
        if (remark) io.out(`${clipTime(remark.atMs)} ${remark.text}`);
        remark = undefined;
      }
      // Live stopped itself (its time or money for a session, or a quiet time): said on stderr.
      if (!core.live.status().running) break;
    }
    const { frames, pictures, costUsd } = core.live.status();
    core.live.stop();
    const looked = `Looked at ${frames} ${frames === 1 ? 'frame' : 'frames'} over ${clipTime(endMs)} (${fps} a second)`;
    const found = `${changes} ${changes === 1 ? 'change' : 'changes'} found`;
    if (!args.describe) {
      io.out(`${looked}; ${found}; nothing sent.`);
    } else {
      const notSent = frames ? (100 * (frames - pictures)) / frames : 100;
      const perMinute = endMs > 0 ? costUsd / (endMs / 60_000) : 0;
      io.out(
        `${looked}; ${found}; ${pictures} ${pictures === 1 ? 'picture' : 'pictures'} sent ` +
          `(${notSent.toFixed(1)}% of frames not sent); cost ${dollars(costUsd)}, ${dollars(perMinute)} a minute of video.`
      );
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Y4mError) {
      io.err(error.message);
      return EXIT.failed;
    }
    return expectedFailure(error, io);
  } finally {
    await reader.close();
    await core.close();
  }
}
