import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkCapture, type CaptureVerdict } from '../../../../src/core/imaging/guard';
import { ImageError } from '../../../../src/core/imaging/errors';
import { checkerboardPng, gradientPng, noisePng, screenPng, screenshot, screenSvg, solidPng } from './images';

const verdictOf = (v: CaptureVerdict) => (v.ok ? 'ok' : v.reason);

/** A white A4 page at 150 dpi with one line of text: mostly blank, but not a blank picture. */
const letterPng = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1754"><rect width="100%" height="100%" fill="#fff"/>' +
        '<text x="100" y="200" font-family="DejaVu Serif" font-size="28">Dear customer, your invoice is attached.</text></svg>'
    )
  )
    .png()
    .toBuffer();

/** Light grey code on a near-black editor, as a dark-mode screen looks. */
const darkModePng = () =>
  sharp(
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="1920" height="1080"><rect width="100%" height="100%" fill="#1e1e1e"/>' +
        Array.from(
          { length: 30 },
          (_, i) =>
            `<text x="40" y="${40 + i * 32}" font-family="DejaVu Sans Mono" font-size="20" fill="#d4d4d4">` +
            `const value${i} = await compute(${i}); // note</text>`
        ).join('') +
        '</svg>'
    )
  )
    .png()
    .toBuffer();

describe('checkCapture passes ordinary content', () => {
  it.each([
    ['a real app screenshot', async () => screenshot()],
    ['a generated 1080p screen', () => screenPng(1920, 1080)],
    ['a small 640 × 480 screen', () => screenPng(640, 480)],
    ['a page with one line of text', letterPng],
    ['a dark-mode editor', darkModePng],
    ['a smooth gradient', () => gradientPng(1280, 720)],
    ['a checkerboard', () => checkerboardPng(1280, 720, 48)],
    ['a fine checkerboard', () => checkerboardPng(1280, 720, 8)]
  ])('%s', async (_, make) => {
    const verdict = await checkCapture(await make());
    expect(verdict, JSON.stringify(verdict.stats)).toMatchObject({ ok: true });
  });
});

describe('checkCapture holds back useless frames', () => {
  it('a black frame, a covered lens and a very dim picture are black, with what to do', async () => {
    for (const input of [
      await solidPng(1920, 1080, { r: 0, g: 0, b: 0 }),
      await noisePng(1280, 720, 0, 30),
      await sharp(await screenPng(1280, 720))
        .linear(0.08, 0)
        .png()
        .toBuffer()
    ]) {
      const verdict = await checkCapture(input);
      expect(verdictOf(verdict), JSON.stringify(verdict.stats)).toBe('black');
    }
    const verdict = await checkCapture(await solidPng(320, 240, { r: 0, g: 0, b: 0 }));
    expect(verdict).toMatchObject({
      ok: false,
      message:
        'The picture is completely black. The lens may be covered, or the window may be protected from capture. ' +
        'Uncover the camera or choose another window, or ask again to send it anyway.'
    });
  });

  it('a dim but not black picture is dark', async () => {
    const dim = await sharp(await screenPng(1280, 720))
      .linear(0.2, 0)
      .png()
      .toBuffer();
    const verdict = await checkCapture(dim);
    expect(verdictOf(verdict), JSON.stringify(verdict.stats)).toBe('dark');
    expect(verdict.ok || verdict.message).toMatch(/very dark.*ask again to send it anyway/);
  });

  it('one flat colour is uniform, including the fake camera pattern and a noisy grey field', async () => {
    for (const input of [
      await solidPng(320, 240, { r: 200, g: 50, b: 100 }),
      await solidPng(1920, 1080, { r: 255, g: 255, b: 255 }),
      await noisePng(1280, 720, 120, 20)
    ]) {
      const verdict = await checkCapture(input);
      expect(verdictOf(verdict), JSON.stringify(verdict.stats)).toBe('uniform');
    }
  });

  // Blur is judged on a 320-px copy: it shows once its sigma is about 0.4 % of the longest edge.
  it.each([
    ['the generated 1080p screen', 8, () => screenPng(1920, 1080)],
    ['the real screenshot', 4, async () => screenshot()],
    ['a small screen', 4, () => screenPng(640, 480)],
    ['a checkerboard', 6, () => checkerboardPng(1280, 720, 48)]
  ])('%s blurred (sigma %i) is blurry', async (_, sigma, make) => {
    const blurred = await sharp(await make())
      .blur(sigma)
      .png()
      .toBuffer();
    const verdict = await checkCapture(blurred);
    expect(verdictOf(verdict), JSON.stringify(verdict.stats)).toBe('blurry');
    expect(verdict.ok || verdict.message).toMatch(/^The picture looks blurred\. Hold the camera steady/);
  });

  it('reports stats for the upright input', async () => {
    const camera = await sharp(screenSvg(400, 200)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const { stats } = await checkCapture(camera);
    expect(stats).toMatchObject({ width: 200, height: 400 });
    expect(stats.meanLuma).toBeGreaterThan(150);
    expect(stats.laplacianVariance).toBeGreaterThan(0);
  });

  it('refuses bad input with a spoken ImageError', async () => {
    await expect(checkCapture(new Uint8Array(0))).rejects.toBeInstanceOf(ImageError);
    await expect(checkCapture(Buffer.from('garbage'))).rejects.toMatchObject({ code: 'unsupported' });
  });
});
