import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageError, prepareImage } from '../../../../src/core/imaging/prepare';
import { handMadePng, hugeWhitePng, noisePng, screenPng, screenSvg } from './images';

async function expectImageError(promise: Promise<unknown>, code: ImageError['code'], message: RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImageError);
  expect((error as ImageError).code).toBe(code);
  expect((error as ImageError).message).toMatch(message);
}

describe('prepareImage', () => {
  it('auto sends a 4K screen as a 1024 × 576 JPEG costing 765 tokens', async () => {
    const out = await prepareImage(await screenPng(3840, 2160));
    expect(out).toMatchObject({ width: 1024, height: 576, detail: 'high', tokens: 765 });
    const meta = await sharp(out.jpeg).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1024, height: 576 });
    expect(out.bytes).toBe(out.jpeg.byteLength);
    expect(out.bytes).toBeLessThan(300_000);
    expect(out.dataUrl()).toBe(`data:image/jpeg;base64,${out.jpeg.toString('base64')}`);
  });

  it('high matches what the service keeps; low fits 512', async () => {
    const png = await screenPng(3840, 2160);
    expect(await prepareImage(png, { detail: 'high' })).toMatchObject({ width: 1365, height: 768, tokens: 1105 });
    expect(await prepareImage(png, { detail: 'low' })).toMatchObject({
      width: 512,
      height: 288,
      detail: 'low',
      tokens: 85
    });
  });

  it('accepts a plain Uint8Array view, not only a Buffer', async () => {
    const png = await screenPng(640, 480);
    const padded = new Uint8Array(png.length + 16);
    padded.set(png, 8);
    const view = padded.subarray(8, 8 + png.length);
    expect(await prepareImage(view)).toMatchObject({ width: 640, height: 480, tokens: 425 });
  });

  it('does not enlarge a small image', async () => {
    const small = await sharp(screenSvg(300, 200)).png().toBuffer();
    expect(await prepareImage(small)).toMatchObject({ width: 300, height: 200, tokens: 255 });
  });

  it('turns the picture upright from its EXIF orientation and strips all metadata', async () => {
    // Stored 400 × 200 with orientation 6 (rotate 90° clockwise to view): upright it is 200 × 400.
    const camera = await sharp(screenSvg(400, 200))
      .jpeg()
      .withMetadata({ orientation: 6, density: 300 })
      .withExifMerge({ IFD0: { Artist: 'Someone', Copyright: 'Private' } })
      .toBuffer();
    const inMeta = await sharp(camera).metadata();
    expect(inMeta).toMatchObject({ width: 400, height: 200, orientation: 6 });
    expect(inMeta.exif).toBeDefined();

    const out = await prepareImage(camera);
    expect(out).toMatchObject({ width: 200, height: 400 });
    const outMeta = await sharp(out.jpeg).metadata();
    expect(outMeta).toMatchObject({ width: 200, height: 400 });
    expect(outMeta.exif).toBeUndefined();
    expect(outMeta.orientation).toBeUndefined();
    expect(outMeta.icc).toBeUndefined();
    expect(outMeta.xmp).toBeUndefined();
    expect(outMeta.iptc).toBeUndefined();
    expect(out.jpeg.includes(Buffer.from('Someone'))).toBe(false);
  });

  it('shows transparency on white', async () => {
    const clear = await sharp({
      create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } }
    })
      .png()
      .toBuffer();
    const { jpeg } = await prepareImage(clear);
    const { channels } = await sharp(jpeg).stats();
    for (const channel of channels.slice(0, 3)) expect(channel.mean).toBeGreaterThan(250);
  });

  it('keeps the JPEG under maxBytes, lowering quality and then size', async () => {
    // Pure noise is the worst case for JPEG: 512 × 512 of it is about 140 KB at quality 80.
    const noise = await noisePng(512, 512, 0, 256);
    const full = await prepareImage(noise);
    expect(full.bytes).toBeGreaterThan(100_000);

    const capped = await prepareImage(noise, { maxBytes: 60_000 });
    expect(capped.bytes).toBeLessThanOrEqual(60_000);
    expect(capped.width).toBeLessThan(full.width);
    expect(capped.width).toBe(capped.height);
    expect(capped.tokens).toBeLessThanOrEqual(full.tokens);
    expect((await sharp(capped.jpeg).metadata()).width).toBe(capped.width);

    await expectImageError(prepareImage(noise, { maxBytes: 200 }), 'too-large', /too much detail/);
  });

  it('downscales a 20 000 × 20 000 image quickly and without a memory blow-up', async () => {
    const huge = hugeWhitePng(20_000, 20_000);
    // libvips works on its own threads, so the event loop can watch resident memory while it decodes.
    const before = process.memoryUsage().rss;
    let peak = before;
    const watch = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const start = performance.now();
    const out = await prepareImage(huge).finally(() => clearInterval(watch));
    const elapsed = performance.now() - start;
    expect(out).toMatchObject({ width: 768, height: 768, tokens: 765 });
    expect(elapsed).toBeLessThan(5_000);
    // Decoded whole, the image would need 400 MB even as one grey channel.
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses absurd pixel counts before decoding, with a clear message', async () => {
    const bomb = handMadePng(30_000, 30_000, 8, 2, deflateSync(Buffer.alloc(64)));
    await expectImageError(prepareImage(bomb), 'too-large', /too large for Lumen to open/);
  });

  it('says why bad input cannot be used', async () => {
    await expectImageError(prepareImage(new Uint8Array(0)), 'empty', /^The image is empty\.$/);
    await expectImageError(prepareImage(Buffer.from('not a picture at all')), 'unsupported', /could not read/);
    const png = await screenPng(640, 480);
    await expectImageError(prepareImage(png.subarray(0, png.length / 2)), 'corrupt', /may be damaged/);
    const jpeg = await sharp(png).jpeg().toBuffer();
    await expectImageError(prepareImage(jpeg.subarray(0, jpeg.length / 2)), 'corrupt', /may be damaged/);
    // Vector drawings are not pictures Lumen is asked to describe; refuse rather than render.
    await expectImageError(prepareImage(screenSvg(100, 100)), 'unsupported', /format Lumen does not know/);
  });

  it('reads CMYK and greyscale images as colour JPEGs', async () => {
    const cmyk = await sharp(screenSvg(320, 240)).toColourspace('cmyk').jpeg().toBuffer();
    const grey = await sharp(screenSvg(320, 240)).greyscale().png().toBuffer();
    for (const input of [cmyk, grey]) {
      const out = await prepareImage(input);
      expect(out).toMatchObject({ width: 320, height: 240 });
      expect((await sharp(out.jpeg).metadata()).space).toMatch(/srgb|b-w/);
    }
  });

  it('checks its options', async () => {
    const png = await screenPng(64, 64);
    await expect(prepareImage(png, { maxBytes: 0 })).rejects.toThrow(RangeError);
    await expect(prepareImage(png, { quality: 0 })).rejects.toThrow(RangeError);
    await expect(prepareImage(png, { quality: 80.5 })).rejects.toThrow(RangeError);
  });
});
