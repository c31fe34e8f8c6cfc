import sharp from 'sharp';
import type { Piece } from './private-screen';

/*
 * A progress dialog on a screen, drawn the same way by unit tests and benchmarks (as SVG) and by
 * browser tests (on a canvas): a title, a status line, a progress bar that fills, and, when asked, a
 * card number (for the privacy shield) and a blinking caret. Same size and font as PRIVATE_SCREEN,
 * so `darkShare` measures its card number.
 */

export const DIALOG = { width: 1280, height: 720, fontPx: 32 };

export interface DialogState {
  title: string;
  status: string;
  /** How much of the bar is filled, 0..1. */
  progress: number;
  card?: boolean;
  caret?: boolean;
}

/** Where each thing is drawn, in the screen's pixels (text: left edge and top of the line). */
export const DIALOG_LAYOUT = {
  title: { x: 120, y: 100 },
  status: { x: 120, y: 200 },
  bar: { x: 120, y: 320, width: 1040, height: 40 },
  card: { text: '4111 1111 1111 1111', x: 240, y: 480, private: true } satisfies Piece,
  cardLabel: { text: 'Card', x: 120, y: 480, private: false } satisfies Piece,
  caret: { x: 760, y: 580, width: 2, height: 36 }
};

/** The dialog from "Downloading" to "Download complete": three changes of its text. */
export const DOWNLOAD_STEPS: readonly DialogState[] = [
  { title: 'Downloading report.pdf', status: 'Connecting to the server', progress: 0 },
  { title: 'Downloading report.pdf', status: 'Half of the file received', progress: 0.5 },
  { title: 'Downloading report.pdf', status: 'Checking the file', progress: 0.9 },
  { title: 'Download complete', status: 'Saved in your Downloads folder', progress: 1 }
];

export function dialogSvg(state: DialogState): string {
  const { width, height, fontPx } = DIALOG;
  const { title, status, bar, card, cardLabel, caret } = DIALOG_LAYOUT;
  const text = (x: number, y: number, words: string) =>
    `<text x="${x}" y="${y + fontPx}" font-family="DejaVu Sans" font-size="${fontPx}">${words}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#fafafa"/><g fill="#111">` +
    text(title.x, title.y, state.title) +
    text(status.x, status.y, state.status) +
    `<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="#dddddd"/>` +
    `<rect x="${bar.x}" y="${bar.y}" width="${Math.round(bar.width * state.progress)}" height="${bar.height}" fill="#2a6"/>` +
    (state.card ? text(cardLabel.x, cardLabel.y, cardLabel.text) + text(card.x, card.y, card.text) : '') +
    (state.caret ? `<rect x="${caret.x}" y="${caret.y}" width="${caret.width}" height="${caret.height}"/>` : '') +
    `</g></svg>`
  );
}

export async function dialogPng(state: DialogState): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(Buffer.from(dialogSvg(state)))
      .png()
      .toBuffer()
  );
}
