import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import { shieldImage } from '../../../../src/core/privacy';

const engine = new OcrEngine();
afterAll(() => engine.terminate());

/** A form as apps draw it: a column of labels and, well to their right, a column of values. */
async function formPicture(): Promise<Buffer> {
  const rows = [
    ['Name', 'Sam Doe'],
    ['Your code', '482913'],
    ['Card number', '4111 1111 1111 1111'],
    ['E-mail', 'sam.doe@example.com'],
    ['Delivery', 'Tuesday morning']
  ];
  const text = rows
    .map(
      ([label, value], i) =>
        `<text x="60" y="${110 + i * 70}">${label}</text><text x="460" y="${110 + i * 70}">${value}</text>`
    )
    .join('');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1024" height="576"><rect width="100%" height="100%" fill="#fff"/>` +
    `<g font-family="DejaVu Sans" font-size="22" fill="#222">${text}</g></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

describe('the privacy shield on a form read column by column', () => {
  it('finds each value beside its label, however the reading order ran', async () => {
    const picture = await formPicture();
    const read = await engine.recognize(picture);
    const order = read.lines.map((l) => l.text);
    // The reader gives the labels' column before the values' column, as a screen reader would.
    expect(order.indexOf('Delivery')).toBeLessThan(order.indexOf('482913'));
    const shielded = await shieldImage(picture, read);
    // (The reader may run a card number's groups together; the digits are what count.)
    expect(shielded.hidden.map((h) => [h.kind, h.text.replace(/ /g, '')])).toEqual([
      ['card', '4111111111111111'],
      ['email', 'sam.doe@example.com'],
      ['code', '482913']
    ]);
  });
});
