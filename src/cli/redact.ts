import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import type { Box } from '../core/privacy/detect';
import { shieldImage, type RecognizedText, type ShieldFormat } from '../core/privacy/redact';
import { kindName } from '../core/privacy/summary';
import { EXIT, expectedFailure, type CliIo, readImageFile } from './context';

export interface RedactArgs {
  image?: string;
  out?: string;
  /** OCR language (an installed Tesseract code); English by default. */
  lang?: string;
}

/** Reads the words in an image, with their boxes, in pixels of the upright image. */
export type Recognize = (image: Uint8Array, lang?: string) => Promise<RecognizedText>;

/** Lumen's offline OCR, started for this one read and ended after it so the command can exit. */
export const recognizeOffline: Recognize = async (image, lang) => {
  const { OcrEngine } = await import('../core/ocr/engine');
  const engine = new OcrEngine();
  try {
    return await engine.recognize(image, lang ? { lang } : {});
  } finally {
    await engine.terminate();
  }
};

const FORMATS: Record<string, ShieldFormat> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg' };

function where(boxes: readonly Box[]): string {
  const left = Math.min(...boxes.map((b) => b.x));
  const top = Math.min(...boxes.map((b) => b.y));
  const width = Math.max(...boxes.map((b) => b.x + b.width)) - left;
  const height = Math.max(...boxes.map((b) => b.y + b.height)) - top;
  return `at ${Math.round(left)},${Math.round(top)} (${Math.round(width)}×${Math.round(height)} px)`;
}

/**
 * `lumen redact --image IN --out OUT [--lang eng]`: writes the picture as the privacy shield would upload it and
 * says what it hid, by kind and place only: the hidden text itself is never printed.
 */
export async function runRedact(args: RedactArgs, io: CliIo, recognize: Recognize = recognizeOffline): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  if (!args.image || !args.out) return usage('lumen redact needs --image IN and --out OUT.');
  if (resolve(args.image) === resolve(args.out)) return usage('--out must be a different file from --image.');

  const bytes = await readImageFile(args.image, io);
  if (!bytes) return EXIT.failed;
  try {
    const shielded = await shieldImage(bytes, await recognize(bytes, args.lang), {
      format: FORMATS[extname(args.out).toLowerCase()]
    });
    try {
      await writeFile(args.out, shielded.image);
    } catch {
      io.err(`Lumen cannot write ${args.out}.`);
      return EXIT.failed;
    }
    for (const item of shielded.hidden) io.out(`Hidden: ${kindName(item.kind)} ${where(item.boxes)}`);
    io.out(shielded.summary || 'No private items found.');
    io.out(`Wrote ${args.out}.`);
    return EXIT.ok;
  } catch (error) {
    return expectedFailure(error, io);
  }
}
