// Deterministic test images: generated scenes, real screenshot, hand-made PNGs for edge cases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { seededRandom as random } from '../../../seeded-random';

export const FIXTURES = join(import.meta.dirname, '../../../fixtures');
export const screenshot = () => readFileSync(join(FIXTURES, 'images_screenshot_with_save_1024_768.png'));

/** An app-like screen: title bar, 20 lines of text, a framed button. Same pixels on every run on one machine. */
export function screenSvg(width: number, height: number): Buffer {
  const fontSize = Math.max(8, Math.round(height / 40));
  const lines = Array.from(
    { length: 20 },
    (_, i) =>
      `<text x="${Math.round(width * 0.05)}" y="${Math.round(height * 0.1 + i * fontSize * 1.8)}" ` +
      `font-family="DejaVu Sans" font-size="${fontSize}" fill="#111">` +
      `Line ${i}: The quick brown fox jumps over the lazy dog 0123456789</text>`
  ).join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="100%" height="100%" fill="#f4f4f4"/>` +
      `<rect width="${width}" height="${Math.round(height * 0.05)}" fill="#2b579a"/>${lines}` +
      `<rect x="${Math.round(width * 0.7)}" y="${Math.round(height * 0.6)}" width="${Math.round(width * 0.2)}" ` +
      `height="${Math.round(height * 0.1)}" fill="#00aa77" stroke="#000" stroke-width="3"/></svg>`
  );
}

const screens = new Map<string, Promise<Buffer>>();

/** screenSvg as an opaque PNG; rendered once per size and shared, as rendering big SVGs is slow. */
export function screenPng(width: number, height: number): Promise<Buffer> {
  const key = `${width}x${height}`;
  let png = screens.get(key);
  if (!png) {
    png = sharp(screenSvg(width, height)).flatten({ background: '#f4f4f4' }).png({ compressionLevel: 1 }).toBuffer();
    screens.set(key, png);
  }
  return png;
}

export const solidPng = (width: number, height: number, colour: { r: number; g: number; b: number }) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();

export function gradientPng(width: number, height: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g">` +
    `<stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/></svg>`;
  return sharp(Buffer.from(svg)).flatten().png().toBuffer();
}

export function checkerboardPng(width: number, height: number, square: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height);
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++) {
      data[row * width + col] = (Math.floor(row / square) + Math.floor(col / square)) % 2 ? 255 : 0;
    }
  }
  return sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** Each channel uniformly in base..base+spread-1: sensor noise on a flat field, or (spread 256) pure noise. */
export function noisePng(width: number, height: number, base: number, spread: number, seed = 1): Promise<Buffer> {
  const next = random(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.min(255, base + Math.floor(next() * spread));
  return sharp(data, { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/**
 * A PNG written chunk by chunk, so a test can have a huge image without encoding one: `rows` is the
 * deflated pixel data. Any claimed size can be written, whatever the data.
 */
export function handMadePng(width: number, height: number, bitDepth: number, colourType: number, rows: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = colourType;
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', rows), chunk('IEND', Buffer.alloc(0))]);
}

/** A white 1-bit greyscale PNG of any size: each row is a filter byte and width/8 bytes, deflated. */
export function hugeWhitePng(width: number, height: number): Buffer {
  const row = Buffer.alloc(1 + Math.ceil(width / 8), 0xff);
  row[0] = 0;
  const rows = Buffer.alloc(row.length * height);
  for (let offset = 0; offset < rows.length; offset += row.length) row.copy(rows, offset);
  return handMadePng(width, height, 1, 0, deflateSync(rows, { level: 9 }));
}

export { random };
