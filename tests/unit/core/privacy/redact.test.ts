import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageError } from '../../../../src/core/imaging/errors';
import type { Box, OcrWord } from '../../../../src/core/privacy/detect';
import { blackOut, coverFor, shieldImage } from '../../../../src/core/privacy/redact';
import { page } from './words';

const WIDTH = 640;
const HEIGHT = 160;
const BACKGROUND = { r: 240, g: 240, b: 240 };

/** A light page with a coloured rectangle where each word is, so any pixel shows what covers it. */
function wordsImage(words: readonly OcrWord[]): Promise<Buffer> {
  const rects = words
    .map((w, i) => {
      const { x, y, width, height } = w.box;
      return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="hsl(${(i * 47) % 360},70%,50%)"/>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${rects}</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: BACKGROUND }).png().toBuffer();
}

async function pixels(image: Buffer) {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)]
  };
}

const inside = (x: number, y: number, boxes: readonly Box[], pad: number) =>
  boxes.some((b) => x >= b.x - pad && x < b.x + b.width + pad && y >= b.y - pad && y < b.y + b.height + pad);

describe('blackOut', () => {
  it('blacks out the padded boxes and leaves every other pixel as it was', async () => {
    const words = page('Card 4111 1111 1111 1111', 'Hello world');
    const before = await wordsImage(words);
    const boxes = words.slice(1, 5).map((w) => w.box);
    const after = await blackOut(before, boxes, { padding: 2 });
    expect(await sharp(after).metadata()).toMatchObject({ format: 'png', width: WIDTH, height: HEIGHT });
    const [a, b] = await Promise.all([pixels(before), pixels(after)]);
    let black = 0;
    let changed = 0;
    let covered = 0;
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const same = b.at(x, y).join() === a.at(x, y).join();
        if (inside(x, y, boxes, 2)) {
          covered++;
          if (b.at(x, y).join() === '0,0,0') black++;
        } else if (!same) changed++;
      }
    }
    expect(covered).toBeGreaterThan(0);
    expect(black).toBe(covered);
    expect(changed).toBe(0);
  });

  it('clips boxes to the image and skips those outside it', async () => {
    const before = await wordsImage([]);
    const after = await pixels(
      await blackOut(before, [
        { x: -50, y: -50, width: 60, height: 60 },
        { x: WIDTH - 5, y: HEIGHT - 5, width: 100, height: 100 },
        { x: WIDTH + 10, y: 0, width: 10, height: 10 }
      ])
    );
    expect(after.at(0, 0)).toEqual([0, 0, 0]);
    expect(after.at(WIDTH - 1, HEIGHT - 1)).toEqual([0, 0, 0]);
    expect(after.at(WIDTH / 2, HEIGHT / 2)).toEqual([240, 240, 240]);
  });

  it('fails closed on a box it cannot draw', async () => {
    const before = await wordsImage([]);
    await expect(blackOut(before, [{ x: Number.NaN, y: 0, width: 1, height: 1 }])).rejects.toThrow(RangeError);
    await expect(blackOut(Buffer.from('not an image'), [])).rejects.toThrow(ImageError);
  });

  it('keeps a photo as JPEG, measures boxes on the upright picture and drops the metadata', async () => {
    // Stored 400 × 200 with orientation 6: upright it is 200 × 400.
    const stored = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#3080d0' } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const after = await blackOut(stored, [{ x: 20, y: 300, width: 100, height: 60 }], { padding: 0 });
    const meta = await sharp(after).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 200, height: 400 });
    expect(meta.orientation).toBeUndefined();
    expect(meta.exif).toBeUndefined();
    const p = await pixels(after);
    expect(Math.max(...p.at(60, 330))).toBeLessThan(8);
    expect(p.at(60, 100)[2]).toBeGreaterThan(180);
    expect(await sharp(await blackOut(stored, [], { format: 'png' })).metadata()).toMatchObject({ format: 'png' });
  });
});

describe('coverFor', () => {
  it('covers the words of one item on one row with one bar, and keeps rows apart', () => {
    const groups = [
      { x: 10, y: 10, width: 40, height: 20 },
      { x: 58, y: 11, width: 40, height: 20 },
      { x: 106, y: 10, width: 40, height: 19 }
    ];
    expect(coverFor(groups)).toEqual([{ x: 10, y: 10, width: 136, height: 21 }]);
    const twoRows = [
      { x: 10, y: 10, width: 40, height: 20 },
      { x: 10, y: 40, width: 40, height: 20 }
    ];
    expect(coverFor(twoRows)).toEqual(twoRows);
    const farApart = [
      { x: 10, y: 10, width: 40, height: 20 },
      { x: 300, y: 10, width: 40, height: 20 }
    ];
    expect(coverFor(farApart)).toEqual(farApart);
  });
});

describe('shieldImage', () => {
  it('hides a card number, an e-mail address and a code, and leaves the rest intact', async () => {
    const words = page(
      'Card 4111 1111 1111 1111 expires 12/27',
      'Mail jane@example.com with questions',
      'Your code is 482913 today'
    );
    const before = await wordsImage(words);
    const shielded = await shieldImage(before, { words });
    expect(shielded.hidden.map((h) => h.kind)).toEqual(['card', 'email', 'code']);
    expect(shielded.summary).toBe('3 private items hidden: a card number, an e-mail address and a security code.');

    const [a, b] = await Promise.all([pixels(before), pixels(shielded.image)]);
    const centre = (w: OcrWord) => b.at(w.box.x + w.box.width / 2, w.box.y + w.box.height / 2);
    const hiddenTexts = new Set(['4111', '1111', 'jane@example.com', '482913']);
    for (const w of words) {
      if (hiddenTexts.has(w.text)) expect(centre(w)).toEqual([0, 0, 0]);
      else expect(centre(w)).toEqual(a.at(w.box.x + w.box.width / 2, w.box.y + w.box.height / 2));
    }
  });

  it('returns the picture untouched, with nothing to say, when nothing is private', async () => {
    const words = page('Order 482913 has shipped', 'Thank you');
    const before = await wordsImage(words);
    const shielded = await shieldImage(before, { words });
    expect(shielded).toMatchObject({ hidden: [], summary: '' });
    expect(shielded.image.equals(before)).toBe(true);
  });
});
