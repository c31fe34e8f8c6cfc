import { LumenError } from '../../shared/errors';
import type { Assistant } from '../assistant/assistant';
import type { CoreContext } from '../context';
import type { ReadingService } from '../reading/reading-service';
import { resultFromText } from '../reading/text-result';
import type { SpeechService } from '../speech/speech-service';
import { CLOUD_OFFER, cloudReading, KEPT_OFFLINE, manyUnclear, NO_PAGE_TO_SEND } from './cloud-help';
import { preparePage } from './prepare-page';
import { readPage } from './read-page';

/**
 * The page taken by the camera: read upright into the text reader (saying when it was turned), and
 * the cloud offered when many of its words were unclear; sent only when the user asks (`cloud`).
 */
export function createPageReading(
  ctx: CoreContext,
  {
    speech,
    reading,
    assistant,
    prepare = preparePage
  }: { speech: SpeechService; reading: ReadingService; assistant: Assistant; prepare?: typeof preparePage }
) {
  /** The page read last, as it was read (prepared, upright): what the cloud is sent when asked. */
  let lastPage: Uint8Array | undefined;
  const offer = (cloud: boolean) => ctx.emit('document.offer', { cloud });
  ctx.onForget(() => {
    lastPage = undefined;
    offer(false);
  });

  /**
   * Not interrupting: "reading" was said first, then the page from its start. Once `signal` aborts
   * (Stop), the page is not read further, and nothing of it is kept or said.
   */
  const read = async (image: Uint8Array, signal: AbortSignal) => {
    const recognize = async (png: Uint8Array) => {
      if (signal.aborted) throw new LumenError('CANCELLED', 'Reading with the camera was stopped.');
      return ctx.recognizer.recognize(png);
    };
    const page = await reading.recognizing(() => readPage(image, recognize, prepare), false);
    if (signal.aborted) return;
    reading.show(page.result, 'file', undefined, page.note);
    lastPage = page.png;
    const unclear = manyUnclear(page.result);
    offer(unclear);
    if (unclear) speech.say(CLOUD_OFFER, 'info');
  };

  /** The page read last sent to the cloud; its text, said as it comes, replaces the offline reading. */
  const cloud = async () => {
    if (!lastPage) throw new LumenError('UNAVAILABLE', NO_PAGE_TO_SEND);
    const text = await cloudReading(assistant, lastPage, {
      source: 'camera',
      listen: (listener) => ctx.events.onAny(listener)
    });
    if (text === undefined) {
      speech.say(KEPT_OFFLINE, 'info');
      return { read: false, lines: 0 };
    }
    const result = resultFromText(text, ctx.settings.get().reading.language);
    reading.keep(result);
    offer(false);
    return { read: true, lines: result.lines.length };
  };

  return { read, cloud };
}
