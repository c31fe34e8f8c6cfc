import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/context';
import { runRedact, type Recognize } from '../../../src/cli/redact';
import { OcrError } from '../../../src/core/ocr/errors';
import type { OcrWord } from '../../../src/core/privacy/detect';

async function run(args: { image?: string; out?: string; lang?: string }, recognize?: Recognize) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (l: string) => out.push(l),
    write: (t: string) => out.push(t),
    err: (l: string) => err.push(l),
    env: {},
    nodeVersion: 'v22.23.3'
  };
  const code = await runRedact(args, io, recognize);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const word = (text: string, x: number, y: number, width: number): OcrWord => ({
  text,
  confidence: 90,
  box: { x, y, width, height: 24 }
});

/** What the OCR engine would report for page(): the card number split into its groups. */
const WORDS: OcrWord[] = [
  word('Card', 20, 20, 60),
  word('4111', 100, 20, 60),
  word('1111', 170, 20, 60),
  word('1111', 240, 20, 60),
  word('1111', 310, 20, 60),
  word('Mail', 20, 70, 60),
  word('jane@example.com', 100, 70, 220),
  word('Your', 20, 120, 60),
  word('code:', 90, 120, 70),
  word('482913', 170, 120, 90)
];

/** A page with a red block where each word is: any red left over means a word was not covered. */
function page(): Promise<Buffer> {
  const rects = WORDS.map(
    ({ box: b }) => `<rect x="${b.x}" y="${b.y}" width="${b.width}" height="${b.height}" fill="#e00"/>`
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="170">${rects.join('')}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: '#fff' }).png().toBuffer();
}

async function centres(file: string) {
  const { data, info } = await sharp(await readFile(file))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return WORDS.map(({ box: b }) => {
    const i = (Math.round(b.y + b.height / 2) * info.width + Math.round(b.x + b.width / 2)) * 3;
    return [...data.subarray(i, i + 3)].join();
  });
}

describe('lumen redact', () => {
  it('writes the shielded picture and lists what it hid by kind, never the text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-redact-'));
    const image = join(dir, 'in.png');
    const out = join(dir, 'out.png');
    await writeFile(image, await page());
    const recognize: Recognize = async () => ({ words: WORDS });
    const result = await run({ image, out }, recognize);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out.split('\n')).toEqual([
      'Hidden: card number at 100,20 (270×24 px)',
      'Hidden: e-mail address at 100,70 (220×24 px)',
      'Hidden: security code at 170,120 (90×24 px)',
      '3 private items hidden: a card number, an e-mail address and a security code.',
      `Wrote ${out}.`
    ]);
    expect(result.out).not.toMatch(/4111|jane|482913/);
    const black = '0,0,0';
    const red = '238,0,0';
    expect(await centres(out)).toEqual([red, black, black, black, black, red, black, red, red, black]);
  });

  it('writes a copy and says so when nothing is private', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-redact-'));
    const image = join(dir, 'in.png');
    await writeFile(image, await page());
    let asked: string | undefined;
    const result = await run({ image, out: join(dir, 'out.webp'), lang: 'deu' }, async (_, lang) => {
      asked = lang;
      return { words: [] };
    });
    expect(asked).toBe('deu');
    expect(result).toMatchObject({ code: EXIT.ok, out: expect.stringContaining('No private items found.') });
    expect((await readFile(join(dir, 'out.webp'))).equals(await readFile(image))).toBe(true);
  });

  it('writes JPEG when OUT ends in .jpg', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-redact-'));
    const image = join(dir, 'in.png');
    await writeFile(image, await page());
    expect((await run({ image, out: join(dir, 'out.jpg') }, async () => ({ words: WORDS }))).code).toBe(EXIT.ok);
    expect((await sharp(join(dir, 'out.jpg')).metadata()).format).toBe('jpeg');
  });

  it('explains wrong arguments, missing files, unreadable pictures and a failed text reader', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lumen-redact-'));
    const stub: Recognize = async () => ({ words: [] });
    expect((await run({ image: 'a.png' }, stub)).code).toBe(EXIT.usage);
    expect((await run({ out: 'b.png' }, stub)).code).toBe(EXIT.usage);
    expect((await run({ image: 'a.png', out: './a.png' }, stub)).code).toBe(EXIT.usage);
    expect(await run({ image: join(dir, 'nope.png'), out: join(dir, 'o.png') }, stub)).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('cannot find')
    });
    await writeFile(join(dir, 'broken.png'), 'not an image');
    expect(await run({ image: join(dir, 'broken.png'), out: join(dir, 'o.png') }, stub)).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('could not read')
    });
    await writeFile(join(dir, 'in.png'), await page());
    const failing: Recognize = async () => {
      throw new OcrError('The text reader stopped unexpectedly (test). Try again.', 'worker-failed');
    };
    expect(await run({ image: join(dir, 'in.png'), out: join(dir, 'o.png') }, failing)).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('text reader stopped')
    });
    const unwritable = await run({ image: join(dir, 'in.png'), out: join(dir, 'no', 'such', 'dir.png') }, stub);
    expect(unwritable).toMatchObject({ code: EXIT.failed, err: expect.stringContaining('cannot write') });
  });

  it('shields a rendered page read by the offline OCR', async () => {
    const lines = [
      'Card number: 4111 1111 1111 1111',
      'E-mail: jane.doe@example.com',
      'Your code is 482913',
      'Thank you'
    ];
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="230"><rect width="100%" height="100%" fill="#fff"/>` +
      lines
        .map(
          (l, i) => `<text x="30" y="${50 + i * 50}" font-family="DejaVu Sans" font-size="26" fill="#111">${l}</text>`
        )
        .join('') +
      `</svg>`;
    const dir = await mkdtemp(join(tmpdir(), 'lumen-redact-'));
    const image = join(dir, 'page.png');
    await writeFile(image, await sharp(Buffer.from(svg)).png().toBuffer());
    const result = await run({ image, out: join(dir, 'shielded.png') });
    expect(result).toMatchObject({
      code: EXIT.ok,
      out: expect.stringContaining('3 private items hidden: a card number, an e-mail address and a security code.')
    });
    // Where DejaVu Sans 26 px puts the words: the private ones are solid black, the rest still text.
    const { data, info } = await sharp(join(dir, 'shielded.png'))
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const black = (x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (data[y * info.width + x]! < 10) n++;
      return n / ((x1 - x0) * (y1 - y0));
    };
    expect(black(225, 33, 500, 49)).toBeGreaterThan(0.95); // 4111 1111 1111 1111
    expect(black(135, 83, 435, 103)).toBeGreaterThan(0.95); // jane.doe@example.com
    expect(black(200, 133, 285, 149)).toBeGreaterThan(0.95); // 482913
    expect(black(30, 30, 200, 52)).toBeLessThan(0.5); // Card number:
    expect(black(30, 180, 160, 205)).toBeLessThan(0.5); // Thank you
  }, 20_000);
});
