import type { ReadSource, ScreenRegion } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import type { CoreContext } from '../context';
import { ImageError } from '../imaging/errors';
import { OcrError } from '../ocr/errors';
import { installedLanguages, languageName } from '../ocr/languages';
import { NO_TEXT, readableParagraphs } from '../ocr/navigator';
import type { OcrResult } from '../ocr/types';
import type { InvokeHandlers } from '../router';
import type { SpeechService } from '../speech/speech-service';
import { NOTHING_READ, TextReading } from './text-reading';

/** Reads a picture's text aloud offline and keeps it for moving through line by line. */
export class ReadingService {
  /** The text read last. */
  private reading: TextReading | undefined;

  constructor(
    private readonly ctx: CoreContext,
    private readonly speech: SpeechService
  ) {
    ctx.onForget(() => (this.reading = undefined));
  }

  /** `interrupt`: what is being said stops first (false when reading is the fallback after an answer). */
  readAloud = async (image: Uint8Array, source: ReadSource = 'file', region?: ScreenRegion, interrupt = true) =>
    this.show(await this.recognizing(() => this.ctx.recognizer.recognize(image), interrupt), source, region);

  /**
   * Runs `read` (the text recogniser, or a photographed page prepared and read upright) with the
   * working sound, a picture or reading that fails turned into an error that can be said.
   */
  recognizing = async <T>(read: () => Promise<T>, interrupt = true): Promise<T> => {
    if (interrupt) this.speech.stop();
    this.ctx.earcon('working', 'loop');
    try {
      return await read();
    } catch (error) {
      if (error instanceof ImageError || error instanceof OcrError)
        throw new LumenError('INVALID_REQUEST', error.message);
      throw error;
    } finally {
      this.ctx.earcon('working', 'stop');
    }
  };

  /** Keeps `result` for moving through and says it, after `note` (e.g. that the page was turned). */
  show = (result: OcrResult, source: ReadSource = 'file', region?: ScreenRegion, note?: string) => {
    this.keep(result, source, region);
    if (note) this.speech.say(note, 'info');
    const paragraphs = readableParagraphs(result);
    if (!paragraphs.length) this.speech.speak(NO_TEXT, { kind: 'message' });
    else this.speech.speak(paragraphs.map((lines) => lines.join('\n')).join('\n\n'), { kind: 'answer' });
    return { lines: result.lines.length };
  };

  /** Keeps `result` for moving through without saying it (the cloud's reading, said as it came). */
  keep = (result: OcrResult, source: ReadSource = 'file', region?: ScreenRegion) => {
    this.reading = new TextReading(result, source, region);
    this.ctx.emit('read.kept', { lines: result.lines.length });
  };

  handlers(): Pick<InvokeHandlers, 'read.image' | 'read.capture' | 'read.navigate' | 'read.languages'> {
    const { settings, screen } = this.ctx;
    return {
      'read.image': ({ image, source, region }) => this.readAloud(image, source, region),
      'read.capture': async ({ target }) => {
        if (!screen) throw new LumenError('UNSUPPORTED', 'This host cannot take screenshots itself.');
        const shot = await screen.capture(target, { displayId: settings.get().capture.displayId });
        return this.readAloud(shot.image, target);
      },
      'read.navigate': ({ action }) => {
        if (!this.reading) throw new LumenError('UNAVAILABLE', NOTHING_READ);
        const answer = this.reading.go(action);
        // A new line cuts off whatever was being said: moving through text must feel instant.
        this.speech.stop();
        const rate = action === 'spell-word' ? Math.min(1, settings.get().speech.rate) : undefined;
        this.speech.speak(answer.text, { kind: 'message', rate });
        return answer;
      },
      'read.languages': () => ({
        installed: installedLanguages().map((code) => ({ code, name: languageName(code) })),
        chosen: settings.get().reading.language
      })
    };
  }
}
