import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseY4mHeader, Y4mError, Y4mReader, y4mJpeg, y4mLuma, type Y4mFrame } from '../../../../src/core/live/y4m';
import { emptyPlanes, writeY4m, yuvOf } from '../../../clips/y4m-writer';

/*
 * A small video made here: 64×48 at 5 frames a second, each frame's left half one colour and its right
 * half another, and the brightness of the left half rising with the frame number, so every frame can
 * be told apart.
 */
const SIZE = { width: 64, height: 48, fps: 5, frames: 6 };
const LEFT = [200, 40, 40] as const;
const RIGHT = [40, 60, 200] as const;

function planes(index: number) {
  const p = emptyPlanes(SIZE.width, SIZE.height);
  const [ly, lu, lv] = yuvOf(LEFT);
  const [ry, ru, rv] = yuvOf(RIGHT);
  for (let y = 0; y < SIZE.height; y++) {
    for (let x = 0; x < SIZE.width; x++) p.y[y * SIZE.width + x] = x < SIZE.width / 2 ? ly + index * 10 : ry;
  }
  for (let c = 0; c < p.u.length; c++) {
    const left = c % (SIZE.width / 2) < SIZE.width / 4;
    p.u[c] = left ? lu : ru;
    p.v[c] = left ? lv : rv;
  }
  return p;
}

let dir: string;
let clip: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-y4m-'));
  clip = writeY4m(join(dir, 'halves.y4m'), SIZE, planes);
});

async function all(path: string, keep?: (index: number, timeMs: number) => boolean): Promise<Y4mFrame[]> {
  const reader = await Y4mReader.open(path);
  try {
    const frames: Y4mFrame[] = [];
    for await (const frame of reader.frames(keep)) frames.push(frame);
    return frames;
  } finally {
    await reader.close();
  }
}

describe('Y4M video', () => {
  it('reads the header: size, frame rate, colour format and range', () => {
    expect(parseY4mHeader('YUV4MPEG2 W640 H480 F30000:1001 It A1:1 C420mpeg2 XYSCSS=420MPEG2')).toEqual({
      width: 640,
      height: 480,
      fps: 30000 / 1001,
      chroma: '420',
      fullRange: false
    });
    // No colour tag means 4:2:0.
    expect(parseY4mHeader('YUV4MPEG2 W8 H8 F10:1 XCOLORRANGE=FULL')).toMatchObject({ chroma: '420', fullRange: true });
    expect(parseY4mHeader('YUV4MPEG2 W8 H8 F10:1 Cmono').chroma).toBe('mono');
  });

  it('streams every frame in order with its time', async () => {
    const frames = await all(clip);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(frames.map((f) => f.timeMs)).toEqual([0, 200, 400, 600, 800, 1000]);
    // Each frame's own pixels: the left half brightens by 10 a frame.
    expect(frames.map((f) => f.y[0]! - frames[0]!.y[0]!)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('reads only the frames asked for', async () => {
    const frames = await all(clip, (_, timeMs) => timeMs % 400 === 0);
    expect(frames.map((f) => f.index)).toEqual([0, 2, 4]);
    expect(frames[1]!.y[0]! - frames[0]!.y[0]!).toBe(20);
  });

  it('gives the detector a small grey copy in full range, and a JPEG with the colours of the frame', async () => {
    const [frame] = await all(clip);
    const luma = y4mLuma(frame!, { width: 8, height: 6 });
    expect(luma).toMatchObject({ width: 8, height: 6, sourceWidth: 64, sourceHeight: 48 });
    const grey = ([r, g, b]: readonly number[]) => 0.299 * r! + 0.587 * g! + 0.114 * b!;
    expect(luma.luma[0]).toBeCloseTo(grey(LEFT), -0.5);
    expect(luma.luma[7]).toBeCloseTo(grey(RIGHT), -0.5);

    const jpeg = await y4mJpeg(frame!);
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    expect(info).toMatchObject({ width: 64, height: 48, channels: 3 });
    const at = (x: number, y: number) => [...data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
    at(8, 24).forEach((c, i) => expect(Math.abs(c - LEFT[i]!)).toBeLessThan(12));
    at(56, 24).forEach((c, i) => expect(Math.abs(c - RIGHT[i]!)).toBeLessThan(12));
  });

  it('refuses what is not a Y4M video, an unsupported format, and a missing file, saying which', async () => {
    const png = join(dir, 'picture.png');
    await writeFile(
      png,
      await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } })
        .png()
        .toBuffer()
    );
    await expect(Y4mReader.open(png)).rejects.toThrow(
      new Y4mError('This is not a Y4M video: it does not start with YUV4MPEG2.')
    );
    const empty = join(dir, 'empty.y4m');
    await writeFile(empty, '');
    await expect(Y4mReader.open(empty)).rejects.toThrow(/not a Y4M video/);
    const wide = join(dir, '444.y4m');
    await writeFile(wide, 'YUV4MPEG2 W8 H8 F10:1 C444\n');
    await expect(Y4mReader.open(wide)).rejects.toThrow(/colour format \(444\) is not supported/);
    await expect(Y4mReader.open(join(dir, 'nowhere.y4m'))).rejects.toThrow(/cannot find .*nowhere\.y4m/);
    expect(() => parseY4mHeader('YUV4MPEG2 W0 H8 F10:1')).toThrow(/no usable frame size/);
    expect(() => parseY4mHeader('YUV4MPEG2 W8 H8 F10:0')).toThrow(/no usable frame rate/);
  });

  it('a file cut short or damaged mid-way gives the frames before it, then a plain error', async () => {
    const whole = await readFile(clip);
    const frameBytes = 6 + SIZE.width * SIZE.height * 1.5;
    const headerBytes = whole.indexOf(0x0a) + 1;
    const cut = join(dir, 'cut.y4m');
    await writeFile(cut, whole.subarray(0, headerBytes + 2 * frameBytes + 100));
    const seen: number[] = [];
    const read = async (keep?: (index: number) => boolean) => {
      const reader = await Y4mReader.open(cut);
      try {
        for await (const frame of reader.frames(keep)) seen.push(frame.index);
      } finally {
        await reader.close();
      }
    };
    await expect(read()).rejects.toThrow(new Y4mError('The Y4M video is cut short: frame 3 is incomplete.'));
    expect(seen).toEqual([0, 1]);
    // A frame stepped over is still checked for being whole.
    await expect(read((index) => index === 0)).rejects.toThrow(/frame 3 is incomplete/);

    const damaged = join(dir, 'damaged.y4m');
    const copy = Buffer.from(whole);
    copy.write('JUNK', headerBytes + frameBytes, 'latin1');
    await writeFile(damaged, copy);
    await expect(all(damaged)).rejects.toThrow('Frame 2 of the Y4M video is damaged: it does not start with FRAME.');
  });
});
