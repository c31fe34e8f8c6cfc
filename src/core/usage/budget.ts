import { z } from 'zod';
import type { Logger, RecordStore } from '../ports';
import { dollars, type Cost } from './prices';

const spendingSchema = z.object({
  /** Calendar month, "2026-11", in local time. */
  month: z.string(),
  usd: z.number().nonnegative(),
  /** The part of `usd` counted at an estimated price. */
  estimatedUsd: z.number().optional()
});
type Spending = z.infer<typeof spendingSchema>;

/** The stored spending if it is for `month`; anything else (another month, or unreadable) counts as nothing. */
function storedFor(month: string, stored: unknown): Spending | undefined {
  const parsed = spendingSchema.safeParse(stored);
  return parsed.success && parsed.data.month === month ? parsed.data : undefined;
}

export interface BudgetState {
  month: string;
  spentUsd: number;
  /** 0: no limit. */
  limitUsd: number;
  /** The part of spentUsd counted at an estimated price (a model whose price Lumen does not know). */
  estimatedUsd: number;
}

const monthOf = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;

/**
 * What the cloud has cost this calendar month, kept between runs, and the user's monthly limit.
 * Lumen asks `refusal()` before each request: once the limit is reached nothing more is sent until
 * the month ends or the limit is raised. Only the amount is kept, nothing about what was asked.
 */
export class Budget {
  private spending: Spending;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly store: RecordStore,
    private readonly limit: () => number,
    private readonly now: () => Date,
    private readonly logger: Logger,
    stored: unknown
  ) {
    const month = monthOf(now());
    this.spending = storedFor(month, stored) ?? { month, usd: 0 };
  }

  static async open(store: RecordStore, limit: () => number, logger: Logger, now = () => new Date()): Promise<Budget> {
    const stored = await store.read('spending').catch((error: unknown) => {
      logger.warn('The spending record could not be read; counting from zero.', { error: String(error) });
      return undefined;
    });
    return new Budget(store, limit, now, logger, stored);
  }

  state(): BudgetState {
    this.rollOver();
    const { month, usd, estimatedUsd = 0 } = this.spending;
    return { month, spentUsd: usd, limitUsd: this.limit(), estimatedUsd };
  }

  /** Adds what a request cost; true when this addition reached the limit. */
  add({ usd, estimated }: Cost): boolean {
    if (!(usd > 0)) return false;
    this.rollOver();
    const wasOpen = !this.isSpent();
    const guessed = estimated ? usd : 0;
    const { month } = this.spending;
    this.spending = { month, usd: this.spending.usd + usd, estimatedUsd: (this.spending.estimatedUsd ?? 0) + guessed };
    // Added to what is stored, not written over it: the web host and the command line spend from
    // the same record, and the store lets no other process write between this read and this write.
    this.saving = this.saving
      .then(async () => {
        const total = await this.store.update('spending', (stored) => {
          const before = storedFor(month, stored) ?? { usd: 0, estimatedUsd: 0 };
          return { month, usd: before.usd + usd, estimatedUsd: (before.estimatedUsd ?? 0) + guessed };
        });
        if (this.spending.month === month) {
          this.spending = {
            month,
            usd: Math.max(this.spending.usd, total.usd),
            estimatedUsd: Math.max(this.spending.estimatedUsd ?? 0, total.estimatedUsd)
          };
        }
      })
      .catch((error: unknown) => this.logger.warn('The spending record could not be saved.', { error: String(error) }));
    return wasOpen && this.isSpent();
  }

  /** Why nothing may be sent now, or undefined when something may. */
  refusal(): string | undefined {
    if (!this.isSpent()) return undefined;
    return `This month's spending limit of ${dollars(this.limit())} is reached, so nothing more is sent to the cloud. You can raise the limit in Settings.`;
  }

  /** Resolves once every addition so far is written. */
  flushed(): Promise<void> {
    return this.saving;
  }

  private isSpent(): boolean {
    const limit = this.limit();
    return limit > 0 && this.state().spentUsd >= limit;
  }

  private rollOver() {
    const month = monthOf(this.now());
    if (month !== this.spending.month) this.spending = { month, usd: 0 };
  }
}
