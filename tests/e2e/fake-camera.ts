import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the fake camera shows: mostly this colour, with a black-and-white checked strip along the bottom. */
export const CAMERA = { width: 320, height: 240, rgb: [200, 50, 100] as const };

function yuv([r, g, b]: readonly [number, number, number]): [number, number, number] {
  // BT.601 studio range, as Chromium's fake capture decodes it.
  const y = 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
  const u = 128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256;
  const v = 128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256;
  return [Math.round(y), Math.round(u), Math.round(v)];
}

function pixel(x: number, y: number): readonly [number, number, number] {
  if (y < CAMERA.height * 0.8) return CAMERA.rgb;
  return (Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? [255, 255, 255] : [0, 0, 0];
}

/** Writes (once) a two-second Y4M clip for --use-file-for-fake-video-capture; no ffmpeg needed. */
export function fakeCameraFile(): string {
  const path = join(tmpdir(), `lumen-fake-camera-${CAMERA.width}x${CAMERA.height}-${CAMERA.rgb.join('-')}.y4m`);
  if (existsSync(path)) return path;
  const { width, height } = CAMERA;
  const ySize = width * height;
  const cSize = (width / 2) * (height / 2);
  const frame = Buffer.alloc(ySize + 2 * cSize);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [Y, U, V] = yuv(pixel(x, y));
      frame[y * width + x] = Y;
      if (x % 2 === 0 && y % 2 === 0) {
        const c = (y / 2) * (width / 2) + x / 2;
        frame[ySize + c] = U;
        frame[ySize + cSize + c] = V;
      }
    }
  }
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frames = Array.from({ length: 20 }, () => Buffer.concat([Buffer.from('FRAME\n'), frame]));
  writeFileSync(path, Buffer.concat([header, ...frames]));
  return path;
}
