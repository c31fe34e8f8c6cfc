import type { LumaImage } from '../../../../src/core/imaging/luma';

/** A small seeded random generator, so every scene is the same on every run. */
export function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const frame = (width: number, height: number, luma: Float32Array): LumaImage => ({
  luma,
  width,
  height,
  sourceWidth: width,
  sourceHeight: height
});

/**
 * A room-like scene larger than the view, so the view can pan over it: a lit gradient, furniture-sized
 * rectangles of different brightness, and fine texture.
 */
export function world(seed: number, width = 160, height = 72): LumaImage {
  const rand = random(seed);
  const luma = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) luma[y * width + x] = 90 + (60 * x) / width;
  for (let r = 0; r < 14; r++) {
    const w = 6 + Math.floor(rand() * 30);
    const h = 6 + Math.floor(rand() * 24);
    const x0 = Math.floor(rand() * (width - w));
    const y0 = Math.floor(rand() * (height - h));
    const value = 30 + rand() * 200;
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) luma[y * width + x] = value;
  }
  for (let i = 0; i < luma.length; i++) luma[i] = luma[i]! + (rand() - 0.5) * 10;
  return frame(width, height, luma);
}

/** The part of `scene` a 96×72 view sees with its left edge at `left`. */
export function view(scene: LumaImage, left = 0, width = 96): LumaImage {
  const luma = new Float32Array(width * scene.height);
  for (let y = 0; y < scene.height; y++) {
    luma.set(scene.luma.subarray(y * scene.width + left, y * scene.width + left + width), y * width);
  }
  return frame(width, scene.height, luma);
}

/** Camera noise: each pixel off by up to ±`amount`. */
export function noisy(image: LumaImage, seed: number, amount = 6): LumaImage {
  const rand = random(seed);
  return frame(
    image.width,
    image.height,
    image.luma.map((y) => clamp(y + (rand() - 0.5) * 2 * amount))
  );
}

/** Light changing: brightness and contrast scaled, as auto-exposure or a passing cloud does. */
export function relit(image: LumaImage, gain: number, offset: number): LumaImage {
  return frame(
    image.width,
    image.height,
    image.luma.map((y) => clamp(y * gain + offset))
  );
}

/** An object put down in the view: a textured patch of `size` pixels at (x, y). */
export function withObject(image: LumaImage, x0: number, y0: number, size: number, value = 235): LumaImage {
  const luma = image.luma.slice();
  for (let y = y0; y < Math.min(image.height, y0 + size); y++) {
    for (let x = x0; x < Math.min(image.width, x0 + size); x++) {
      luma[y * image.width + x] = (x + y) % 4 < 2 ? value : value - 60;
    }
  }
  return frame(image.width, image.height, luma);
}

export function black(width = 96, height = 72): LumaImage {
  return frame(width, height, new Float32Array(width * height).fill(5));
}

const clamp = (y: number) => Math.max(0, Math.min(255, y));

/** The frame as a camera would deliver it: a 384×288 JPEG. */
export async function cameraJpeg(image: LumaImage): Promise<Uint8Array> {
  const { default: sharp } = await import('sharp');
  const raw = Buffer.from(Uint8Array.from(image.luma, (y) => Math.round(y)));
  const jpeg = await sharp(raw, { raw: { width: image.width, height: image.height, channels: 1 } })
    .resize(image.width * 4, image.height * 4, { kernel: 'nearest' })
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(jpeg);
}
