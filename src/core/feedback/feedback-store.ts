import { z } from 'zod';
import { feedbackEntrySchema } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import type { Logger, RecordStore } from '../ports';

/** Older feedback is dropped beyond this many. */
const MAX_FEEDBACK = 500;

const FORMAT = 'lumen-feedback';

const storedFeedbackSchema = feedbackEntrySchema
  .omit({ hasPicture: true })
  .extend({
    at: z.iso.datetime(),
    /** False for a picture described without a question. */
    ownQuestion: z.boolean(),
    /** The JPEG that was sent, base64: kept only when the user ticked "include the picture". */
    picture: z.base64().optional()
  })
  .strict();
export type StoredFeedback = z.infer<typeof storedFeedbackSchema>;

const storedFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  entries: z.array(storedFeedbackSchema)
});

export const FEEDBACK_SET_ASIDE =
  'The saved feedback could not be read, so it was set aside, not deleted, and a new list begun. Nothing else was lost.';
export const FEEDBACK_UNREADABLE =
  'The saved feedback could not be read, nor set aside, so feedback you give now is kept only until Lumen closes.';
const NOT_SAVED = 'The feedback could not be saved on this computer. Please try again.';

/**
 * Feedback on answers, kept on this computer only (a record in the data folder). A record that
 * cannot be read is set aside, never written over, and a new list begun; every change is written
 * before it is confirmed.
 */
export class FeedbackStore {
  private entries: StoredFeedback[] = [];
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly records: RecordStore,
    private readonly logger: Logger,
    /** False when an unreadable record could not be set aside: nothing may be written over it. */
    private readonly saves: boolean
  ) {}

  /** Opens what was kept; `notice` says when it could not be read, once. */
  static async open(records: RecordStore, logger: Logger): Promise<{ store: FeedbackStore; notice?: string }> {
    try {
      const stored = await records.read('feedback');
      const store = new FeedbackStore(records, logger, true);
      if (stored !== undefined) store.entries = storedFileSchema.parse(stored).entries;
      return { store };
    } catch (error) {
      logger.warn('The saved feedback could not be read.', { error: String(error).slice(0, 300) });
    }
    try {
      await records.rename('feedback', 'feedback-unreadable');
      return { store: new FeedbackStore(records, logger, true), notice: FEEDBACK_SET_ASIDE };
    } catch (error) {
      logger.warn('The unreadable feedback could not be set aside.', { error: String(error) });
      return { store: new FeedbackStore(records, logger, false), notice: FEEDBACK_UNREADABLE };
    }
  }

  /** Newest first. */
  list(): StoredFeedback[] {
    return [...this.entries].reverse();
  }

  /** Keeps `entry`, in place of one with the same id; resolves once it is written. */
  async put(entry: StoredFeedback): Promise<void> {
    await this.change((entries) => [...entries.filter((e) => e.id !== entry.id), entry].slice(-MAX_FEEDBACK));
  }

  /** Deletes one entry, or all when `id` is undefined; resolves to how many were deleted. */
  async delete(id?: string): Promise<number> {
    let deleted = 0;
    await this.change((entries) => {
      const kept = id === undefined ? [] : entries.filter((e) => e.id !== id);
      deleted = entries.length - kept.length;
      return kept;
    });
    return deleted;
  }

  /** Deletes every entry, the record and any copy set aside. */
  async forget(): Promise<void> {
    this.entries = [];
    await this.queue(async () => {
      this.entries = [];
      if (this.saves) await this.records.remove('feedback');
      await this.records.remove('feedback-unreadable');
    });
  }

  /** Applies `change` to the entries as the writes before it left them, and writes the result. */
  private async change(change: (entries: StoredFeedback[]) => StoredFeedback[]): Promise<void> {
    try {
      await this.queue(async () => {
        const next = change(this.entries);
        if (this.saves) await this.records.write('feedback', { format: FORMAT, version: 1, entries: next });
        this.entries = next;
      });
    } catch (error) {
      this.logger.warn('The feedback could not be saved.', { error: String(error) });
      throw new LumenError('UNAVAILABLE', NOT_SAVED);
    }
  }

  /** Writes one at a time, in the order asked, so an earlier write never lands after a later one. */
  private queue(write: () => Promise<void>): Promise<void> {
    const done = this.writing.then(write);
    this.writing = done.catch(() => undefined);
    return done;
  }
}
