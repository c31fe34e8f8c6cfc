import { preparePage } from '../core/document/prepare-page';
import { OcrEngine } from '../core/ocr/engine';
import { DEFAULT_OCR_LANGUAGE } from '../core/ocr/languages';
import { NO_TEXT, readableParagraphs, UNCLEAR_TEXT } from '../core/ocr/navigator';
import { EXIT, expectedFailure, type CliIo, readImageFile } from './context';

export interface ReadArgs {
  image?: string;
  lang?: string;
  /** A photographed page: found, flattened and its light evened before it is read. */
  document?: boolean;
}

/**
 * `lumen read --image FILE [--lang eng]`: the text in reading order, one line per line of text and a
 * blank line between blocks, read offline. A line read with low confidence is printed as
 * "[The text here is unclear.]" rather than guessed. With --document the picture is taken as a
 * photographed page (a letter on a table) and prepared for reading first.
 */
export async function runRead(args: ReadArgs, io: CliIo, engine: OcrEngine = new OcrEngine()): Promise<number> {
  if (!args.image) {
    io.err('lumen read needs --image FILE.\nRun "lumen --help" for the commands.');
    return EXIT.usage;
  }
  const bytes = await readImageFile(args.image, io);
  if (!bytes) return EXIT.failed;
  try {
    const image = args.document ? (await preparePage(bytes)).png : bytes;
    const result = await engine.recognize(image, { lang: args.lang ?? DEFAULT_OCR_LANGUAGE });
    if (!result.lines.length) {
      io.out(NO_TEXT);
      return EXIT.ok;
    }
    readableParagraphs(result).forEach((lines, b) => {
      if (b > 0) io.out('');
      for (const line of lines) io.out(line === UNCLEAR_TEXT ? `[${UNCLEAR_TEXT}]` : line);
    });
    return EXIT.ok;
  } catch (error) {
    return expectedFailure(error, io);
  } finally {
    await engine.terminate();
  }
}
