// Writes the pictures the evaluation sets use, with known content, so each can be made again:
// `npx tsx evals/make-pictures.ts`. Pictures are drawn as SVG and rendered by librsvg (through sharp).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { privateScreenPng } from '../tests/private-screen';

const evals = fileURLToPath(new URL('.', import.meta.url));

const svg = (width: number, height: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;

async function png(set: string, name: string, source: string | Uint8Array): Promise<void> {
  const bytes = typeof source === 'string' ? Buffer.from(source) : source;
  await writeFile(join(evals, set, name), await sharp(bytes).png({ compressionLevel: 9, palette: true }).toBuffer());
}

/** A sign: a coloured board with a word on it (enough edges for the capture guard, one colour for the fake). */
const sign = (fill: string, word: string) =>
  svg(
    640,
    480,
    `<rect width="100%" height="100%" fill="${fill}"/>` +
      `<text x="320" y="270" font-family="DejaVu Sans" font-size="72" font-weight="bold" fill="#fff" text-anchor="middle">${word}</text>`
  );

/** An app's window: a title bar, a blue panel and a button. */
const appWindow = svg(
  800,
  600,
  '<rect width="100%" height="100%" fill="#1f4fd1"/>' +
    '<rect width="100%" height="48" fill="#0d2f8a"/>' +
    '<text x="20" y="32" font-family="DejaVu Sans" font-size="22" fill="#fff">Settings</text>' +
    '<rect x="40" y="480" width="200" height="60" rx="8" fill="#fff"/>' +
    '<text x="140" y="520" font-family="DejaVu Sans" font-size="24" fill="#1f4fd1" text-anchor="middle">Save</text>'
);

await png('smoke', 'red-sign.png', sign('#d01010', 'EXIT'));
await png('smoke', 'blue-window.png', appWindow);
await png('smoke', 'private-screen.png', await privateScreenPng());
