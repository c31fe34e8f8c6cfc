import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { lookAtFrame } from '../../../../src/core/document/frame-look';
import { framingCue, pagePosition } from '../../../../src/core/document/framing';
import type { GreyImage } from '../../../../src/core/document/homography';
import { findPage } from '../../../../src/core/document/page-finder';
import { CONDITIONS, emptyTable, FRAME, GLARE, photographedPage } from './pages';

async function grey(jpeg: Buffer): Promise<GreyImage> {
  const { data, info } = await sharp(jpeg).greyscale().extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** The farthest any found corner lies from the true one, in pixels. */
const cornerError = (found: { x: number; y: number }[], truth: { x: number; y: number }[]) =>
  Math.max(...found.map((p, i) => Math.hypot(p.x - truth[i]!.x, p.y - truth[i]!.y)));

describe('findPage', () => {
  for (const [name, conditions] of Object.entries(CONDITIONS)) {
    it(`finds the four corners within 3 px: ${name}`, async () => {
      const photo = await photographedPage(conditions);
      const page = findPage(await grey(photo.jpeg));
      expect(page?.by).toBe('edges');
      expect(cornerError(page!.corners, photo.corners)).toBeLessThan(3);
      expect(page!.cutOff).toEqual({ left: false, right: false, top: false, bottom: false });
    });
  }

  it('takes the extent of the text for the page when no edge shows', async () => {
    const photo = await photographedPage({ pose: { scale: 1.4 } });
    const page = findPage(await grey(photo.jpeg));
    expect(page?.by).toBe('text');
  });

  it('finds no page on an empty table, lit evenly or from one side', async () => {
    expect(findPage(await grey(await emptyTable()))).toBeUndefined();
    expect(findPage(await grey(await emptyTable({ darkSide: 0.3 })))).toBeUndefined();
  });
});

describe('the page position and the framing cue', () => {
  const cueFor = async (pose: Parameters<typeof photographedPage>[0]) => {
    const photo = await photographedPage(pose);
    const page = findPage(await grey(photo.jpeg));
    return framingCue(page && pagePosition(page, FRAME.width, FRAME.height));
  };

  it('says the page is framed when it is whole and near the middle', async () => {
    expect(await cueFor({ pose: { rotate: 3 } })).toBe('framed');
  });

  it('sends a page cut off at the left to the right, and one at the right to the left', async () => {
    expect(await cueFor({ pose: { dx: -420 } })).toBe('move-right');
    expect(await cueFor({ pose: { dx: 420 } })).toBe('move-left');
  });

  it('sends a page off-centre upwards down, and one downwards up', async () => {
    expect(await cueFor({ pose: { dy: -250, scale: 0.5 } })).toBe('move-down');
    expect(await cueFor({ pose: { dy: 250, scale: 0.5 } })).toBe('move-up');
  });

  it('asks for the page farther away when it overflows the view, closer when it is small', async () => {
    expect(await cueFor({ pose: { scale: 2.3 } })).toBe('farther');
    expect(await cueFor({ pose: { scale: 0.35 } })).toBe('closer');
  });

  it('reports where the page is: centre offset and share of the view', async () => {
    const photo = await photographedPage({ pose: { dx: -128, scale: 0.5 } });
    const position = pagePosition(findPage(await grey(photo.jpeg))!, FRAME.width, FRAME.height);
    expect(position.offsetX).toBeCloseTo(-0.1, 2);
    expect(position.offsetY).toBeCloseTo(0, 2);
    expect(position.coverage).toBeCloseTo((1050 * 0.5 * 740 * 0.5) / (1280 * 720), 2);
  });

  it('says "no page" without one', async () => {
    expect(framingCue(undefined)).toBe('no-page');
  });
});

describe('glare on the page', () => {
  it('is found where a reflection burns out part of the page, and the page is not framed for taking', async () => {
    const look = await lookAtFrame((await photographedPage(GLARE)).jpeg);
    expect(look.page?.by).toBe('edges');
    expect(look.cue).toBe('glare');
  });

  for (const [name, conditions] of Object.entries(CONDITIONS)) {
    it(`is not found on a plain page: ${name}`, async () => {
      const look = await lookAtFrame((await photographedPage(conditions)).jpeg);
      expect(look.cue).toBe('framed');
    });
  }
});
