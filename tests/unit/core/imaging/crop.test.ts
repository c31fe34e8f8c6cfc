import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { crop, MAX_CROP_EDGE } from '../../../../src/core/imaging/crop';
import { ImageError } from '../../../../src/core/imaging/errors';
import { hugeWhitePng } from './images';

/** 400 × 200: left half red, right half blue, so which part came back is easy to see. */
const halves = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">' +
        '<rect width="200" height="200" fill="#f00"/><rect x="200" width="200" height="200" fill="#00f"/></svg>'
    )
  )
    .png()
    .toBuffer();

async function meanColour(png: Buffer) {
  const { channels } = await sharp(png).stats();
  return channels.slice(0, 3).map((c) => Math.round(c.mean));
}

describe('crop', () => {
  it('returns the asked-for part as PNG, in pixels of the source', async () => {
    const right = await crop(await halves(), { x: 0.5, y: 0, width: 0.5, height: 1 });
    expect(await sharp(right).metadata()).toMatchObject({ format: 'png', width: 200, height: 200 });
    expect(await meanColour(right)).toEqual([0, 0, 255]);
    const corner = await crop(await halves(), { x: 0, y: 0.25, width: 0.25, height: 0.5 });
    expect(await sharp(corner).metadata()).toMatchObject({ width: 100, height: 100 });
    expect(await meanColour(corner)).toEqual([255, 0, 0]);
  });

  it('measures the region on the upright picture', async () => {
    // Stored as 400 × 200 red|blue with orientation 6: upright it is 200 × 400, red on top.
    const camera = await sharp(await halves())
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const top = await crop(camera, { x: 0, y: 0, width: 1, height: 0.4 });
    expect(await sharp(top).metadata()).toMatchObject({ width: 200, height: 160 });
    const [r, g, b] = await meanColour(top);
    expect(r).toBeGreaterThan(240);
    expect(g! + b!).toBeLessThan(20);
  });

  it('covers at least one pixel and stays inside the image', async () => {
    const sliver = await crop(await halves(), { x: 0.999, y: 0.999, width: 0.001, height: 0.001 });
    expect(await sharp(sliver).metadata()).toMatchObject({ width: 1, height: 1 });
    const whole = await crop(await halves(), { x: 0, y: 0, width: 1 + 1e-12, height: 1 });
    expect(await sharp(whole).metadata()).toMatchObject({ width: 400, height: 200 });
  });

  it('scales a huge crop down to fit 4096', async () => {
    const part = await crop(hugeWhitePng(20_000, 20_000), { x: 0, y: 0, width: 0.5, height: 0.25 });
    expect(await sharp(part).metadata()).toMatchObject({ width: MAX_CROP_EDGE, height: MAX_CROP_EDGE / 2 });
  });

  it.each([
    { x: -0.1, y: 0, width: 0.5, height: 0.5 },
    { x: 0.6, y: 0, width: 0.5, height: 0.5 },
    { x: 0, y: 0, width: 0, height: 0.5 },
    { x: 0, y: 0, width: Number.NaN, height: 0.5 },
    { x: 0, y: 0.9, width: 0.5, height: 0.2 }
  ])('refuses a region outside the image: %o', async (region) => {
    await expect(crop(await halves(), region)).rejects.toThrow(RangeError);
  });

  it('refuses bad input with a spoken ImageError', async () => {
    await expect(crop(Buffer.from('nope'), { x: 0, y: 0, width: 1, height: 1 })).rejects.toBeInstanceOf(ImageError);
  });
});
