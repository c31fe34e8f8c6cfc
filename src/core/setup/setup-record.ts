import { z } from 'zod';
import { SETUP_STEPS, type SetupStatus, type SetupStep } from '../../shared/contract';

const recordSchema = z.object({
  done: z.boolean(),
  step: z.enum(SETUP_STEPS),
  completed: z.array(z.enum(SETUP_STEPS)),
  /** The welcome was said; a reload or a restart half-way does not say it again. */
  greeted: z.boolean()
});
export type SetupRecord = z.infer<typeof recordSchema>;

export const FIRST_RUN: SetupRecord = { done: false, step: 'key', completed: [], greeted: false };

/** Someone who used Lumen before setup existed: nothing to set up, nothing to greet. */
const ALREADY_SET_UP: SetupRecord = { ...FIRST_RUN, done: true, greeted: true };

export const UNREADABLE_NOTICE =
  'Lumen could not read how far setup had got, so setup starts again from the first step. Your settings and key are kept.';

export interface OpenedRecord {
  record: SetupRecord;
  /** The stored record could not be used; the user is told once. */
  notice?: string;
  /** Nothing was stored (or nothing usable): the record must be written now. */
  fresh: boolean;
}

/**
 * What setup's stored record means. No record and no saved settings: the first run. No record but
 * saved settings: an earlier Lumen was used, so setup is not forced on its user (Settings can run
 * it). A record that cannot be read: setup from the start, said once.
 */
export function interpretRecord(stored: unknown, { settingsSaved }: { settingsSaved: boolean }): OpenedRecord {
  if (stored === undefined) return { record: settingsSaved ? ALREADY_SET_UP : FIRST_RUN, fresh: true };
  const parsed = recordSchema.safeParse(stored);
  if (!parsed.success) return { record: FIRST_RUN, notice: UNREADABLE_NOTICE, fresh: true };
  return { record: { ...parsed.data, completed: inOrder(parsed.data.completed) }, fresh: false };
}

/** The steps once each, in setup's order. */
export const inOrder = (steps: readonly SetupStep[]): SetupStep[] => SETUP_STEPS.filter((s) => steps.includes(s));

export const statusOf = ({ done, step, completed }: SetupRecord): SetupStatus => ({
  done,
  step,
  completed: [...completed]
});
