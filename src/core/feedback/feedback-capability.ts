import { randomUUID } from 'node:crypto';
import type { FeedbackEntry } from '../../shared/contract';
import type { AnswerRecord } from '../assistant/answer-records';
import type { CoreContext } from '../context';
import type { InvokeHandlers } from '../router';
import { feedbackAsEvalCases } from './eval-export';
import { FeedbackStore, type StoredFeedback } from './feedback-store';

/** As Settings lists it: whether a picture was kept, not the picture. */
const listed = ({ picture, ownQuestion: _, ...entry }: StoredFeedback): FeedbackEntry => ({
  ...entry,
  hasPicture: picture !== undefined
});

/**
 * "Was this right?" on the answers Lumen holds, kept on this computer, listed, exported as
 * evaluation cases and deleted; "forget everything" deletes it all. `notice` says, once, that the
 * saved feedback could not be read.
 */
export async function createFeedback(ctx: CoreContext, { answer }: { answer: (id: string) => AnswerRecord }) {
  const { store, notice } = await FeedbackStore.open(ctx.records, ctx.logger);
  // Feedback given again on the same answer replaces what was given before.
  const given = new Map<string, string>();
  const changed = () => ctx.emit('feedback.changed', { kept: store.list().length });
  ctx.onForget(() => {
    given.clear();
    store
      .forget()
      .catch((error: unknown) => ctx.logger.warn('The feedback could not be deleted.', { error: String(error) }));
    changed();
  });

  const handlers: Pick<InvokeHandlers, 'feedback.give' | 'feedback.list' | 'feedback.export' | 'feedback.delete'> = {
    'feedback.give': async ({ id, right, note = '', includePicture }) => {
      const record = answer(id);
      const entry: StoredFeedback = {
        id: given.get(id) ?? `feedback-${randomUUID()}`,
        at: record.at.toISOString(),
        question: record.question,
        ownQuestion: record.ownQuestion,
        answer: record.answer,
        model: record.model,
        mode: record.mode,
        source: record.source,
        right,
        note,
        ...(includePicture && record.picture ? { picture: record.picture.toString('base64') } : {})
      };
      await store.put(entry);
      given.set(id, entry.id);
      changed();
      return listed(entry);
    },
    'feedback.list': () => ({ entries: store.list().map(listed) }),
    'feedback.export': () => feedbackAsEvalCases(store.list().reverse()),
    'feedback.delete': async (which) => {
      const deleted = await store.delete('id' in which ? which.id : undefined);
      changed();
      return { deleted };
    }
  };
  return { handlers, notice };
}
