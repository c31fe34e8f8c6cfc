// Image preparation and the capture guard on a generated screen: what a describe costs before upload.
import sharp from 'sharp';
import { checkCapture } from '../src/core/imaging/guard';
import { prepareImage, type Detail } from '../src/core/imaging/prepare';
import { summarize, type Summary } from './stats';

const RUNS = 7;
const WARMUP = 1;

export interface PrepareBench {
  detail: Detail;
  /** Decode, orient, resize and JPEG-encode, input PNG to output bytes. */
  ms: Summary;
  width: number;
  height: number;
  bytes: number;
  tokens: number;
}

export interface ImagingBenchResult {
  name: 'imaging';
  runs: number;
  source: { width: number; height: number; pngBytes: number };
  prepare: PrepareBench[];
  /** checkCapture on a 1920 × 1080 capture; target ≤ 20 ms. */
  guard: { pngMs: Summary; jpegMs: Summary };
}

/**
 * A 4K app-like screen: title bar, 40 lines of text, panels and buttons. Same layout every run; a
 * `variant` changes the invoice number on every line; the first `settled` invoices say "settled".
 */
export function screenSvg(width: number, height: number, variant = 0, settled = 0): Buffer {
  const font = Math.round(height / 54);
  const text = Array.from(
    { length: 40 },
    (_, i) =>
      `<text x="${Math.round(width * 0.22)}" y="${Math.round(height * 0.08 + i * font * 1.9)}" font-family="DejaVu Sans" ` +
      `font-size="${font}" fill="#1a1a1a">${i + 1}. Invoice ${1000 + i * 37 + variant * 7} from Example Ltd, due ${(i % 28) + 1} March, ` +
      `amount ${(i * 123.45).toFixed(2)} EUR, status ${i < settled ? 'settled' : i % 3 ? 'paid' : 'open'}</text>`
  ).join('');
  const buttons = Array.from(
    { length: 12 },
    (_, i) =>
      `<rect x="${Math.round(width * 0.01)}" y="${Math.round(height * (0.08 + i * 0.06))}" width="${Math.round(width * 0.18)}" ` +
      `height="${Math.round(height * 0.045)}" rx="8" fill="${i === 2 ? '#0b5cad' : '#e4e4e4'}" stroke="#888"/>`
  ).join('');
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="100%" height="100%" fill="#fbfbfb"/><rect width="100%" height="${Math.round(height * 0.04)}" fill="#2b579a"/>` +
      `${buttons}${text}</svg>`
  );
}

async function median(once: () => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  return summarize(times);
}

export async function benchImaging(): Promise<ImagingBenchResult> {
  const png4k = await sharp(screenSvg(3840, 2160)).flatten({ background: '#fbfbfb' }).png().toBuffer();
  const prepare: PrepareBench[] = [];
  for (const detail of ['auto', 'high', 'low'] as const) {
    const ms = await median(() => prepareImage(png4k, { detail }));
    const out = await prepareImage(png4k, { detail });
    prepare.push({ detail, ms, width: out.width, height: out.height, bytes: out.bytes, tokens: out.tokens });
  }
  const png1080 = await sharp(png4k).resize(1920, 1080).png().toBuffer();
  const jpeg1080 = await sharp(png1080).jpeg({ quality: 85 }).toBuffer();
  return {
    name: 'imaging',
    runs: RUNS,
    source: { width: 3840, height: 2160, pngBytes: png4k.byteLength },
    prepare,
    guard: { pngMs: await median(() => checkCapture(png1080)), jpegMs: await median(() => checkCapture(jpeg1080)) }
  };
}
