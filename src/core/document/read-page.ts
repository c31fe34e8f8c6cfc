import type { OcrResult } from '../ocr/types';
import {
  DOUBTFUL_CONFIDENCE,
  halfTurned,
  readingConfidence,
  turnedReadsBetter,
  turnNote,
  type Turn
} from './orientation';
import { preparePage } from './prepare-page';

export interface ReadPage {
  result: OcrResult;
  /** The page as it was read: prepared, flattened and upright (what the cloud is sent when asked). */
  png: Uint8Array;
  turned: Turn;
  /** What to say before the text ("The page was upside down; Lumen turned it."), if anything. */
  note?: string;
}

/**
 * A photographed page prepared and read upright: read as it lies and, when that reading is doubtful,
 * read again turned half round, keeping the surer reading (orientation.ts).
 */
export async function readPage(
  image: Uint8Array,
  recognize: (png: Uint8Array) => Promise<OcrResult>,
  prepare = preparePage
): Promise<ReadPage> {
  const prepared = await prepare(image);
  let png = prepared.png;
  let result = await recognize(png);
  let turned: Turn = prepared.turned;
  if (result.words.length && readingConfidence(result) < DOUBTFUL_CONFIDENCE) {
    const flipped = await halfTurned(png);
    const other = await recognize(flipped);
    if (turnedReadsBetter(result, other)) {
      [png, result] = [flipped, other];
      turned = ((turned + 180) % 360) as Turn;
    }
  }
  return { result, png, turned, note: turnNote(turned) };
}
