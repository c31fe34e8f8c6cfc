import { cloudReading, KEPT_OFFLINE, manyUnclear } from '../core/document/cloud-help';
import { readPage } from '../core/document/read-page';
import { OcrEngine } from '../core/ocr/engine';
import { DEFAULT_OCR_LANGUAGE } from '../core/ocr/languages';
import { NO_TEXT, readableParagraphs, UNCLEAR_TEXT } from '../core/ocr/navigator';
import type { OcrResult } from '../core/ocr/types';
import { cliCore, EXIT, expectedFailure, loadCliContext, readImageFile, type CliIo } from './context';

export interface ReadArgs {
  image?: string;
  lang?: string;
  /** A photographed page: found, flattened, turned upright and its light evened before it is read. */
  document?: boolean;
  /** With document: the page prepared is sent to the cloud to be read (through the privacy shield). */
  cloud?: boolean;
}

/** Said on the command line where the app offers its button. */
export const CLOUD_HINT = 'Many words were unclear. Run the command again with --cloud to send the page to be read.';

function printResult(result: OcrResult, io: CliIo): void {
  if (!result.lines.length) return io.out(NO_TEXT);
  readableParagraphs(result).forEach((lines, b) => {
    if (b > 0) io.out('');
    for (const line of lines) io.out(line === UNCLEAR_TEXT ? `[${UNCLEAR_TEXT}]` : line);
  });
}

/** The prepared page's text as the cloud read it; undefined when it did not (why went to standard error). */
async function readByCloud(png: Uint8Array, io: CliIo): Promise<string | undefined> {
  const core = await cliCore(await loadCliContext(io), io, () => {});
  try {
    return await cloudReading(core.assistant, png, { source: 'file', listen: core.subscribe });
  } finally {
    await core.close();
  }
}

/**
 * `lumen read --image FILE [--lang eng]`: the text in reading order, one line per line of text and a
 * blank line between blocks, read offline. A line read with low confidence is printed as
 * "[The text here is unclear.]" rather than guessed. With --document the picture is taken as a
 * photographed page (a letter on a table), prepared and turned upright first (what was turned goes
 * to standard error); with --cloud as well, that page is then sent to be read by the describe model,
 * and its text printed instead (if the cloud cannot, the offline reading is printed and the exit
 * code is 1).
 */
export async function runRead(args: ReadArgs, io: CliIo, engine: OcrEngine = new OcrEngine()): Promise<number> {
  if (!args.image) {
    io.err('lumen read needs --image FILE.\nRun "lumen --help" for the commands.');
    return EXIT.usage;
  }
  if (args.cloud && !args.document) {
    io.err('--cloud sends a photographed page: use it with --document.\nRun "lumen --help" for the commands.');
    return EXIT.usage;
  }
  const bytes = await readImageFile(args.image, io);
  if (!bytes) return EXIT.failed;
  try {
    const recognize = (image: Uint8Array) => engine.recognize(image, { lang: args.lang ?? DEFAULT_OCR_LANGUAGE });
    if (!args.document) {
      printResult(await recognize(bytes), io);
      return EXIT.ok;
    }
    const page = await readPage(bytes, recognize);
    if (page.note) io.err(page.note);
    if (args.cloud) {
      await engine.terminate();
      const text = await readByCloud(page.png, io);
      if (text !== undefined) {
        io.out(text);
        return EXIT.ok;
      }
      io.err(KEPT_OFFLINE);
      printResult(page.result, io);
      return EXIT.failed;
    }
    printResult(page.result, io);
    if (manyUnclear(page.result)) io.err(CLOUD_HINT);
    return EXIT.ok;
  } catch (error) {
    return expectedFailure(error, io);
  } finally {
    await engine.terminate();
  }
}
