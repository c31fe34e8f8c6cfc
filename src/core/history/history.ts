import { z } from 'zod';
import type { Logger, RecordStore } from '../ports';
import { historyEntrySchema } from '../../shared/contract';
import type { KeyVault } from '../secrets';
import { newHistoryKey, seal, unseal } from './sealed';

export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** Older entries are dropped beyond this many. */
export const MAX_HISTORY = 500;

export const HISTORY_UNREADABLE =
  'The saved history could not be opened (its key is missing or the file was changed), so it was set aside and a new one begun.';

/**
 * The optional history: questions and answers in words only (never pictures or sound), kept only
 * while the user has it switched on, encrypted at rest with a key held apart from it (the OS
 * keychain in the desktop app). Forgetting deletes both the record and its key.
 */
export class History {
  private entries: HistoryEntry[] = [];
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly store: RecordStore,
    private readonly keys: KeyVault,
    private readonly enabled: () => boolean,
    private readonly logger: Logger
  ) {}

  /** Opens what was kept; `notice` says when a kept history could not be read. */
  static async open(
    store: RecordStore,
    keys: KeyVault,
    enabled: () => boolean,
    logger: Logger
  ): Promise<{ history: History; notice?: string }> {
    const history = new History(store, keys, enabled, logger);
    const sealed = await store.read('history').catch(() => undefined);
    if (sealed === undefined) return { history };
    // Kept while switched off (settings set back, say): nothing stays that the user does not want kept.
    if (!enabled()) {
      await history.forget().catch(() => undefined);
      return { history };
    }
    try {
      const key = await keys.load();
      if (!key) throw new Error('no key');
      history.entries = z.array(historyEntrySchema).parse(unseal(sealed, key));
      return { history };
    } catch (error) {
      logger.warn('The saved history could not be opened.', { error: String(error) });
      await store.remove('history').catch(() => undefined);
      return { history, notice: HISTORY_UNREADABLE };
    }
  }

  /** Keeps an exchange if the history is on. */
  add(entry: Omit<HistoryEntry, 'at'>, at = new Date()): void {
    if (!this.enabled() || !entry.answer.trim()) return;
    this.entries = [...this.entries, { ...entry, at: at.toISOString() }].slice(-MAX_HISTORY);
    const snapshot = this.entries;
    this.saving = this.saving.then(() => this.save(snapshot));
  }

  /** Newest first. */
  list(): HistoryEntry[] {
    return [...this.entries].reverse();
  }

  /** Deletes every entry, the kept record and its key. */
  async forget(): Promise<void> {
    this.entries = [];
    const done = this.saving.then(async () => {
      await this.store.remove('history');
      await this.keys.erase();
    });
    this.saving = done.catch(() => undefined);
    await done;
  }

  private async save(entries: HistoryEntry[]): Promise<void> {
    try {
      let key = await this.keys.load();
      if (!key) {
        key = newHistoryKey();
        await this.keys.save(key);
      }
      await this.store.write('history', seal(entries, key));
    } catch (error) {
      this.logger.warn('The history could not be saved.', { error: String(error) });
    }
  }
}
