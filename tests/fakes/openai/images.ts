import sharp from 'sharp';

export type ColourName =
  'black' | 'white' | 'grey' | 'red' | 'orange' | 'yellow' | 'green' | 'cyan' | 'blue' | 'purple' | 'pink' | 'brown';

export interface ImageAnalysis {
  width: number;
  height: number;
  format: string;
  /** Colours covering at least 20% of the picture, most frequent first. */
  colours: Array<{ name: ColourName; share: number }>;
  /** Mean luma 0..1. */
  brightness: number;
}

/** Names one RGB pixel with a small palette a listener would use. */
export function colourName(r: number, g: number, b: number): ColourName {
  const max = Math.max(r, g, b) / 255;
  const min = Math.min(r, g, b) / 255;
  const l = (max + min) / 2;
  const d = max - min;
  if (d < 0.1) {
    if (l < 0.18) return 'black';
    if (l > 0.85) return 'white';
    return 'grey';
  }
  if (l < 0.1) return 'black';
  if (l > 0.95) return 'white';
  const rf = r / 255,
    gf = g / 255,
    bf = b / 255;
  let h: number;
  if (max === rf) h = ((gf - bf) / d) % 6;
  else if (max === gf) h = (bf - rf) / d + 2;
  else h = (rf - gf) / d + 4;
  h = (h * 60 + 360) % 360;
  if (h < 15 || h >= 345) {
    if (l > 0.7) return 'pink';
    if (l < 0.3 && d < 0.35) return 'brown';
    return 'red';
  }
  if (h < 45) return l < 0.4 ? 'brown' : 'orange';
  if (h < 70) return l < 0.3 ? 'brown' : 'yellow';
  if (h < 160) return 'green';
  if (h < 200) return 'cyan';
  if (h < 260) return 'blue';
  if (h < 290) return 'purple';
  return l > 0.6 ? 'pink' : 'purple';
}

export class ImageDecodeError extends Error {}

/** Decodes the image and describes it from its pixels. */
export async function analyseImage(bytes: Buffer): Promise<ImageAnalysis> {
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>['metadata']>>;
  try {
    meta = await sharp(bytes).metadata();
  } catch (err) {
    throw new ImageDecodeError(String(err));
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  // A small thumbnail is enough to count colours and keeps large frames cheap.
  const { data, info } = await sharp(bytes)
    .removeAlpha()
    .resize({ width: 64, height: 64, fit: 'inside', kernel: 'nearest' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const counts = new Map<ColourName, number>();
  let luma = 0;
  const pixels = info.width * info.height;
  for (let i = 0; i < pixels; i++) {
    const r = data[i * info.channels]!;
    const g = data[i * info.channels + 1] ?? r;
    const b = data[i * info.channels + 2] ?? r;
    const name = colourName(r, g, b);
    counts.set(name, (counts.get(name) ?? 0) + 1);
    luma += (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  }
  const colours = [...counts.entries()]
    .map(([name, n]) => ({ name, share: n / pixels }))
    .sort((a, b) => b.share - a.share)
    .filter((c, i) => i === 0 || c.share >= 0.2);
  return { width, height, format: meta.format ?? 'unknown', colours, brightness: luma / pixels };
}

function brightnessWord(b: number): string {
  if (b < 0.2) return 'dark';
  if (b < 0.4) return 'dim';
  if (b < 0.7) return 'medium brightness';
  return 'bright';
}

/** One sentence, e.g. "A 640×480 image, mostly red, medium brightness." */
export function describeImage(a: ImageAnalysis): string {
  const names = a.colours.slice(0, 2).map((c) => c.name);
  return `A ${a.width}×${a.height} image, mostly ${names.join(' and ')}, ${brightnessWord(a.brightness)}.`;
}

/** Vision token cost following the service's published scaling rules. */
export function imageTokens(width: number, height: number, detail: string | undefined): number {
  if (detail === 'low') return 85;
  let w = width,
    h = height;
  const fit = Math.min(1, 2048 / Math.max(w, h));
  w *= fit;
  h *= fit;
  const shortest = Math.min(w, h);
  if (shortest > 768) {
    const s = 768 / shortest;
    w *= s;
    h *= s;
  }
  const tiles = Math.ceil(w / 512) * Math.ceil(h / 512);
  return 85 + 170 * tiles;
}

/** Decodes a `data:` URL; null if it is not one. */
export function decodeDataUrl(url: string): { mime: string; bytes: Buffer } | null {
  const m = /^data:([^;,]*)(;base64)?,(.*)$/s.exec(url);
  if (!m) return null;
  const bytes = m[2] ? Buffer.from(m[3]!, 'base64') : Buffer.from(decodeURIComponent(m[3]!));
  return { mime: m[1] || 'application/octet-stream', bytes };
}
