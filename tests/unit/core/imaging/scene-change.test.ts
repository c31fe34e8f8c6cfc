import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sceneChangeScore } from '../../../../src/core/imaging/scene-change';
import { checkerboardPng, noisePng, random, screenPng, screenshot, solidPng } from './images';

/** The same picture with independent sensor-like noise (±12 levels per channel). */
async function withNoise(png: Buffer, seed: number): Promise<Buffer> {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const next = random(seed);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, data[i]! + Math.round((next() - 0.5) * 24)));
  return sharp(data, { raw: info }).png().toBuffer();
}

describe('sceneChangeScore', () => {
  it('is zero for the same frame, even re-encoded at another size', async () => {
    const shot = screenshot();
    expect(await sceneChangeScore(shot, shot)).toBe(0);
    const smaller = await sharp(shot).resize(512).jpeg({ quality: 85 }).toBuffer();
    expect(await sceneChangeScore(shot, smaller)).toBeLessThan(0.05);
  });

  it('is low for the same view with sensor noise', async () => {
    const screen = await screenPng(640, 480);
    expect(await sceneChangeScore(await withNoise(screen, 1), await withNoise(screen, 2))).toBeLessThan(0.05);
    // A blank wall: nothing but noise, which must not be mistaken for content.
    expect(
      await sceneChangeScore(await noisePng(320, 240, 120, 20, 1), await noisePng(320, 240, 120, 20, 2))
    ).toBeLessThan(0.05);
  });

  it('is high for a different scene', async () => {
    const shot = screenshot();
    expect(await sceneChangeScore(shot, await screenPng(1024, 768))).toBeGreaterThan(0.4);
    expect(await sceneChangeScore(shot, await checkerboardPng(1024, 768, 64))).toBeGreaterThan(0.6);
    expect(await sceneChangeScore(shot, await noisePng(256, 256, 0, 256))).toBeGreaterThan(0.4);
    const black = await solidPng(64, 64, { r: 0, g: 0, b: 0 });
    const white = await solidPng(64, 64, { r: 255, g: 255, b: 255 });
    expect(await sceneChangeScore(black, white)).toBe(1);
  });

  it('counts exposure drift as a small change and a light switched on as a big one', async () => {
    const screen = await screenPng(640, 480);
    const drift = await sceneChangeScore(screen, await sharp(screen).linear(0.85, 0).png().toBuffer());
    expect(drift).toBeGreaterThan(0.05);
    expect(drift).toBeLessThan(0.2);
    const dark = await sharp(screen).linear(0.15, 0).png().toBuffer();
    expect(await sceneChangeScore(dark, screen)).toBeGreaterThan(0.5);
  });

  it('moves with how much of the view changed', async () => {
    const shot = screenshot();
    const other = await screenPng(1024, 768);
    const half = await sharp(shot)
      .composite([
        { input: await sharp(other).extract({ left: 0, top: 0, width: 512, height: 768 }).toBuffer(), left: 0, top: 0 }
      ])
      .png()
      .toBuffer();
    const partly = await sceneChangeScore(shot, half);
    const fully = await sceneChangeScore(shot, other);
    expect(partly).toBeGreaterThan(0.15);
    expect(partly).toBeLessThan(fully);
  });

  it('is symmetric', async () => {
    const a = screenshot();
    const b = await screenPng(800, 600);
    expect(await sceneChangeScore(a, b)).toBeCloseTo(await sceneChangeScore(b, a), 10);
  });
});
