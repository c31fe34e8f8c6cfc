import { LumenError } from '../../shared/errors';
import type { CoreContext } from '../context';
import { ImageError } from '../imaging/errors';
import { awayReason, type SystemAway } from '../live/away';
import type { Assistant } from '../assistant/assistant';
import type { ReadingService } from '../reading/reading-service';
import type { InvokeHandlers } from '../router';
import type { SpeechService } from '../speech/speech-service';
import { lookAtFrame } from './frame-look';
import { PageGuide, STOPPED } from './page-guide';
import type { preparePage } from './prepare-page';
import { createPageReading } from './page-reading';

/** Reading with the camera: frames looked at here, cues spoken, the page taken, prepared and read. */
export function createDocument(
  ctx: CoreContext,
  deps: {
    speech: SpeechService;
    reading: ReadingService;
    assistant: Assistant;
    now?: () => number;
    /** Prepares the page taken for reading (tests hold it, to stop a page half-way). */
    prepare?: typeof preparePage;
  }
) {
  const { speech, now } = deps;
  const page = createPageReading(ctx, deps);
  const guide = new PageGuide({
    now: now ?? Date.now,
    cue: (text) => void speech.speak(text, { kind: 'message', slot: 'document' }),
    framingCues: () => ctx.settings.get().reading.framingCues,
    say: (text) => speech.say(text, 'info'),
    look: lookAtFrame,
    read: page.read,
    onStatus: (status) => ctx.emit('document.state', status)
  });
  ctx.onForget(() => guide.stop());

  /** The screen was locked or the computer goes to sleep: nobody is holding the page up any more. */
  const away = (why: SystemAway) => guide.stop(`${awayReason(why)} ${STOPPED}`);

  const handlers: Pick<InvokeHandlers, 'document.start' | 'document.stop' | 'document.frame' | 'document.cloud'> = {
    'document.start': () => guide.start(),
    'document.stop': () => guide.stop(),
    'document.frame': async ({ image }) => {
      try {
        return { result: await guide.frame(image) };
      } catch (error) {
        // A frame that cannot be decoded is the page's to hear of, in words that can be said.
        if (error instanceof ImageError) throw new LumenError('INVALID_REQUEST', error.message);
        throw error;
      }
    },
    'document.cloud': page.cloud
  };
  return { guide, away, handlers };
}
