/** A rectangle in the pixels of the image the user gave (upright, full size). */
export interface OcrBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface OcrWord {
  text: string;
  /** Tesseract's confidence, 0..100. */
  confidence: number;
  box: OcrBox;
}

export interface OcrLine {
  text: string;
  /** Mean confidence of the line's words, 0..100. */
  confidence: number;
  box: OcrBox;
  /** Indexes into `OcrResult.words`, left to right. */
  words: number[];
}

/** Lines that belong together (a paragraph, a column's run of text, a dialog's message, a menu). */
export interface OcrBlock {
  box: OcrBox;
  /** Indexes into `OcrResult.lines`, in reading order. */
  lines: number[];
}

/** What OCR found in one image. Words, lines and blocks are all in reading order. */
export interface OcrResult {
  width: number;
  height: number;
  lang: string;
  words: OcrWord[];
  lines: OcrLine[];
  blocks: OcrBlock[];
  /** The lines, one per row of text, with a blank line between blocks. */
  text: string;
}
