import sharp from 'sharp';

/*
 * A chat window, drawn as SVG for unit tests: contacts down the left beside the messages, each
 * between two messages' rows, so no blank row runs across the window from one message to the next.
 */

export const CHAT_CONTACTS = ['Dana Weber', 'Sam Ortiz', 'Lee Park', 'Kim Novak', 'Ana Silva'];

export async function chatPng(messages: readonly string[]): Promise<Uint8Array> {
  const text = (x: number, y: number, words: string) => `<text x="${x}" y="${y}">${words}</text>`;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="300"><rect width="100%" height="100%" fill="#fafafa"/>` +
    `<g font-family="DejaVu Sans" font-size="20" fill="#1a1a1a">` +
    CHAT_CONTACTS.map((name, i) => text(20, 60 + i * 44, name)).join('') +
    messages.map((line, i) => text(240, 40 + i * 44, line)).join('') +
    `</g></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}
