import sharp from 'sharp';

/*
 * A new worker reads its first page markedly slower than the next ones (here up to twice as long),
 * while its WebAssembly is optimised for the work, and the first page prepared in a process is slow
 * too. Workers started ahead of use therefore first read this page: plain text drawn here, since
 * nothing of the user's may be read before they ask. Its four lines are far enough apart to be cut
 * into a band for each worker of the largest pool.
 */
const LINES = [
  'Lumen reads the text on the screen aloud.',
  'Invoice 1024 from Example Ltd, due 5 March.',
  'Open, Save, Print and Close; total 42.50 EUR.',
  'Settings, Help, Keys: press Tab to move on.'
];
const PRACTICE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="560" height="260">' +
  '<rect width="100%" height="100%" fill="#ffffff"/>' +
  '<g font-family="sans-serif" font-size="20" fill="#1a1a1a">' +
  LINES.map((line, i) => `<text x="12" y="${40 + i * 60}">${line}</text>`).join('') +
  '</g></svg>';

let page: Promise<Buffer> | undefined;

/** The practice page as a PNG, drawn once. */
export function practicePage(): Promise<Buffer> {
  return (page ??= sharp(Buffer.from(PRACTICE_SVG)).png().toBuffer());
}
