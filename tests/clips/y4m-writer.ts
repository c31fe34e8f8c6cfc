import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/*
 * Writes YUV4MPEG2 (4:2:0) clips, the format Chromium's --use-file-for-fake-video-capture plays (and
 * loops), without ffmpeg: the tests make their own camera pictures.
 */

export type Rgb = readonly [number, number, number];

/** BT.601 studio range, as Chromium's fake capture decodes it. */
export function yuvOf([r, g, b]: Rgb): [number, number, number] {
  const y = 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
  const u = 128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256;
  const v = 128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256;
  return [Math.round(y), Math.round(u), Math.round(v)];
}

/** One frame's planes: Y at full size, U and V at half size each way. */
export interface Planes {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

export function emptyPlanes(width: number, height: number): Planes {
  const chroma = (width / 2) * (height / 2);
  return { y: new Uint8Array(width * height), u: new Uint8Array(chroma), v: new Uint8Array(chroma) };
}

/**
 * Writes a clip to `path` frame by frame, unless it is there already (clips are named after what made
 * them). Written under a temporary name and renamed, so a test running at the same time never sees
 * half a clip.
 */
export function writeY4m(
  path: string,
  { width, height, fps, frames }: { width: number; height: number; fps: number; frames: number },
  frame: (index: number) => Planes
): string {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
    const marker = Buffer.from('FRAME\n');
    for (let i = 0; i < frames; i++) {
      const { y, u, v } = frame(i);
      writeSync(fd, marker);
      writeSync(fd, y);
      writeSync(fd, u);
      writeSync(fd, v);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
  return path;
}
