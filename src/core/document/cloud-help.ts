import { ASK_CLOUD_TO_READ, type EventPayload } from '../../shared/contract';
import type { Assistant } from '../assistant/assistant';
import { UNCLEAR_CONFIDENCE, UNCLEAR_WORD_CONFIDENCE } from '../ocr/navigator';
import type { OcrResult } from '../ocr/types';
import type { Dispose } from '../util/events';

/*
 * Help from the cloud with a page read poorly offline: offered, never taken without the user's word.
 * The page sent is the one read offline (found, flattened, turned upright, its light evened), and it
 * goes the describe's road (Assistant.describe): the key and the monthly limit checked, the privacy
 * shield, the chosen model, the answer said as it comes.
 */

/** There is no voice command for it: the button, or C in the text reader. */
export const CLOUD_OFFER = `Many words were unclear. Press '${ASK_CLOUD_TO_READ}', or C in the text reader, to send the page.`;
/** Said when the cloud could not read the page (no key, no connection, the limit reached), after why. */
export const KEPT_OFFLINE = 'Reading offline still works: the page as read offline stays in the text reader.';
export const NO_PAGE_TO_SEND = 'There is no page to send yet. Read a page with the camera first.';
/** What the model is asked: the text itself, in the page's order, nothing made up. */
export const TRANSCRIBE_REQUEST =
  'Transcribe all the text on this page exactly as printed, in reading order, one line of text per line and a ' +
  'blank line between paragraphs. Write only the text, with no comments. Where a word cannot be read, write [unclear].';

/*
 * The share of words said as "unclear" (in a line too unsure to be said, or themselves unsure) from
 * which the cloud is offered. Letters read well have none (accuracy.test.ts); blurred so that one
 * word in twelve is unclear, the letter still reads at under 8 % character errors and its sense
 * holds; from one in five most sentences have a gap, and a blurred page mostly jumps from a few
 * to all of its words (cloud-help.test.ts).
 */
export const OFFER_FROM = 0.2;

/** Share of the result's words that would be said as "unclear" (navigator.ts); 0 without words. */
export function unclearShare(result: OcrResult): number {
  let words = 0;
  let unclear = 0;
  for (const line of result.lines) {
    for (const index of line.words) {
      words++;
      if (line.confidence < UNCLEAR_CONFIDENCE || result.words[index]!.confidence < UNCLEAR_WORD_CONFIDENCE) unclear++;
    }
  }
  return words ? unclear / words : 0;
}

export const manyUnclear = (result: OcrResult) => unclearShare(result) >= OFFER_FROM;

type Listen = (listener: (channel: string, payload: unknown) => void) => Dispose;

/**
 * Sends the page to the describe model to be transcribed; the answer is said as it comes. Returns the
 * text once the answer is complete (not yet all said), or undefined when the page was not read, after
 * why was said by the assistant (`KEPT_OFFLINE` is for the caller to say next, as only it knows what
 * it kept). `listen` is core's event bus.
 */
export async function cloudReading(
  assistant: Pick<Assistant, 'describe'>,
  png: Uint8Array,
  { source, listen }: { source: 'camera' | 'file'; listen: Listen }
): Promise<string | undefined> {
  const answers = new Map<string, EventPayload<'answer.done'>>();
  let wanted: { id: string; resolve: (done: EventPayload<'answer.done'>) => void } | undefined;
  const stop = listen((channel, payload) => {
    if (channel !== 'answer.done') return;
    const done = payload as EventPayload<'answer.done'>;
    answers.set(done.id, done);
    if (done.id === wanted?.id) wanted.resolve(done);
  });
  try {
    // A scene, not a screen: a screen's failed answer falls back to reading it offline, which was done.
    const outcome = await assistant.describe({ source, image: png, question: TRANSCRIBE_REQUEST, mode: 'scene' });
    const { id } = outcome;
    if (id === null) {
      await outcome.done;
      return undefined;
    }
    const answer =
      answers.get(id) ?? (await new Promise<EventPayload<'answer.done'>>((resolve) => (wanted = { id, resolve })));
    if (answer.outcome === 'complete' && answer.text.trim()) return answer.text.trim();
    await outcome.done;
    return undefined;
  } finally {
    stop();
  }
}
