import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyPlanes, writeY4m, yuvOf, type Rgb } from '../clips/y4m-writer';

/** What the fake camera shows: mostly this colour, with a black-and-white checked strip along the bottom. */
export const CAMERA = { width: 320, height: 240, rgb: [200, 50, 100] as const };

function pixel(x: number, y: number): Rgb {
  if (y < CAMERA.height * 0.8) return CAMERA.rgb;
  return (Math.floor(x / 16) + Math.floor(y / 16)) % 2 ? [255, 255, 255] : [0, 0, 0];
}

/** Writes (once) a two-second Y4M clip for --use-file-for-fake-video-capture; no ffmpeg needed. */
export function fakeCameraFile(): string {
  const path = join(tmpdir(), `lumen-fake-camera-${CAMERA.width}x${CAMERA.height}-${CAMERA.rgb.join('-')}.y4m`);
  const { width, height } = CAMERA;
  const frame = emptyPlanes(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [Y, U, V] = yuvOf(pixel(x, y));
      frame.y[y * width + x] = Y;
      if (x % 2 === 0 && y % 2 === 0) {
        const c = (y / 2) * (width / 2) + x / 2;
        frame.u[c] = U;
        frame.v[c] = V;
      }
    }
  }
  return writeY4m(path, { width, height, fps: 10, frames: 20 }, () => frame);
}
