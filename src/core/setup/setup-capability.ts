import type { ReplyOf } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import type { CoreContext } from '../context';
import type { InvokeHandlers } from '../router';
import type { SpeechService } from '../speech/speech-service';
import { lookThroughCamera } from './camera-look';
import { FIRST_RUN, inOrder, interpretRecord, statusOf, type SetupRecord } from './setup-record';

export const WELCOME =
  "Welcome to Lumen. Let's set things up; every step can be skipped. Press Tab to move, Enter to choose.";

const NOT_SAVED = 'Lumen could not save how far setup has got; it may start again from the beginning next time.';

type SetupHandlers = Pick<InvokeHandlers, 'setup.get' | 'setup.update' | 'setup.restart' | 'capture.check'>;

export interface Setup {
  handlers: SetupHandlers;
  /** Says the welcome, in the offline voice, once per first run: call it when a window can hear. */
  greet(): void;
  /** The stored progress could not be read (setup starts again); said once, at start-up. */
  notice?: string;
}

/**
 * The first-run setup's progress, kept in the `setup` record so a setup left half-way reopens at
 * the same step. `settingsSaved`: settings existed before this run (see interpretRecord).
 */
export async function createSetup(
  ctx: CoreContext,
  { speech, settingsSaved }: { speech: SpeechService; settingsSaved: boolean }
): Promise<Setup> {
  const { records, logger } = ctx;
  // A record that is not JSON reads as unusable, like one of the wrong shape.
  const stored = await records.read('setup').catch((error: unknown) => {
    logger.warn('The setup record could not be read.', { error: String(error) });
    return null;
  });
  const opened = interpretRecord(stored, { settingsSaved });
  let record: SetupRecord = opened.record;
  let saving: Promise<void> = Promise.resolve();

  // Writes in the order made; one that fails does not stop the next.
  const save = (next: SetupRecord): Promise<void> => {
    record = next;
    const written = saving.then(() => records.write('setup', next));
    saving = written.catch(() => undefined);
    return written;
  };
  // Written at once: a first run stays one even if settings are saved before setup ends.
  if (opened.fresh) {
    await save(record).catch((error: unknown) =>
      logger.warn('The setup record could not be saved.', { error: String(error) })
    );
  }

  const saved = async (next: SetupRecord): Promise<ReplyOf<'setup.get'>> => {
    try {
      await save(next);
    } catch (error) {
      logger.warn('The setup record could not be saved.', { error: String(error) });
      throw new LumenError('UNAVAILABLE', NOT_SAVED);
    }
    return statusOf(record);
  };

  return {
    notice: opened.notice,
    greet() {
      if (record.done || record.greeted) return;
      void save({ ...record, greeted: true }).catch((error: unknown) =>
        logger.warn('The setup record could not be saved.', { error: String(error) })
      );
      ctx.announce({ level: 'info', text: WELCOME, spoken: true });
      speech.speak(WELCOME, { kind: 'message', provider: 'offline' });
    },
    handlers: {
      'setup.get': () => statusOf(record),
      'setup.update': ({ step, completed, done }) =>
        saved({
          ...record,
          ...(step ? { step } : {}),
          ...(completed ? { completed: inOrder(completed) } : {}),
          ...(done !== undefined ? { done } : {})
        }),
      // Asked for from Settings, where the user already is: no welcome.
      'setup.restart': () => saved({ ...FIRST_RUN, greeted: true }),
      'capture.check': ({ image }) => lookThroughCamera(image)
    }
  };
}
