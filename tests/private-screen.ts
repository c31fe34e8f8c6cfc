import sharp from 'sharp';

/*
 * A known screen with private text on it, drawn the same way by unit tests (as SVG) and browser tests
 * (on a canvas): which parts of a picture that was sent are blacked out can then be measured.
 */

export interface Piece {
  text: string;
  /** Left edge and top of the line, in the screen's pixels. */
  x: number;
  y: number;
  private: boolean;
}

export const PRIVATE_SCREEN = {
  width: 1280,
  height: 720,
  fontPx: 32,
  pieces: {
    welcome: { text: 'Welcome back, Sam', x: 80, y: 60, private: false },
    cardLabel: { text: 'Card', x: 80, y: 180, private: false },
    card: { text: '4111 1111 1111 1111', x: 240, y: 180, private: true },
    emailLabel: { text: 'E-mail', x: 80, y: 300, private: false },
    email: { text: 'sam.doe@example.com', x: 240, y: 300, private: true },
    codeLabel: { text: 'Your code', x: 80, y: 420, private: false },
    code: { text: '482913', x: 300, y: 420, private: true },
    thanks: { text: 'Thanks for shopping with us', x: 80, y: 540, private: false }
  } satisfies Record<string, Piece>
};

export type PieceName = keyof typeof PRIVATE_SCREEN.pieces;

export function privateScreenSvg(only?: readonly PieceName[]): string {
  const { width, height, fontPx, pieces } = PRIVATE_SCREEN;
  const text = Object.entries(pieces)
    .filter(([name]) => !only || only.includes(name as PieceName))
    .map(
      ([, p]) => `<text x="${p.x}" y="${p.y + fontPx}" font-family="DejaVu Sans" font-size="${fontPx}">${p.text}</text>`
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fafafa"/><g fill="#111">${text}</g></svg>`;
}

export async function privateScreenPng(only?: readonly PieceName[]): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(Buffer.from(privateScreenSvg(only)))
      .png()
      .toBuffer()
  );
}

/**
 * Share of near-black pixels inside a piece of text's letters in a picture that was sent (at any
 * scale of the screen): the inner part of its line, from a little after its start to well before
 * its end. Text alone measures well under half; a black bar over it, all of it.
 */
export async function darkShare(image: Uint8Array, piece: Piece): Promise<number> {
  const { width } = await sharp(image).metadata();
  const scale = width / PRIVATE_SCREEN.width;
  const em = PRIVATE_SCREEN.fontPx;
  const { data } = await sharp(image)
    .extract({
      left: Math.round((piece.x + 8) * scale),
      top: Math.round((piece.y + 8) * scale),
      width: Math.round(em * 0.5 * (piece.text.length - 1) * scale),
      height: Math.round(em * 0.7 * scale)
    })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data.filter((v) => v < 40).length / data.length;
}

/** The first JPEG sent in a chat request body, as bytes. */
export function sentJpeg(body: unknown): Buffer | undefined {
  const data = JSON.stringify(body ?? '').match(/data:image\/jpeg;base64,([A-Za-z0-9+/=]+)/)?.[1];
  return data ? Buffer.from(data, 'base64') : undefined;
}
