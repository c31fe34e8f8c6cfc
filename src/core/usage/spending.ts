import type { InvokeHandlers } from '../router';
import { Events, type Dispose } from '../util/events';
import type { Budget } from './budget';
import type { CompletionUsage } from 'openai/resources/completions';
import { chatCost, type Cost } from './prices';
import { UsageCounter } from './usage-counter';

/** What the cloud costs: tokens counted for this run, dollars against the monthly limit. */
export class Spending {
  readonly usage = new UsageCounter();
  private readonly events = new Events<{ limitReached: (refusal: string) => void }>();

  constructor(private readonly budget: Budget) {}

  /**
   * Adds a request's cost. The moment the monthly limit is reached the listeners hear it, once, so
   * the user is told and nothing more is sent (a conversation ends, its last words cut short).
   */
  add = (cost: Cost): void => {
    if (this.budget.add(cost)) this.events.emit('limitReached', this.budget.refusal()!);
  };

  /** Counts a chat request's tokens and adds its cost; returns that cost in US dollars. */
  chat = (used: CompletionUsage, model: string): number => {
    this.usage.addChat(used);
    const cost = chatCost(model, used);
    this.add(cost);
    return cost.usd;
  };

  /** Why nothing may be sent now (the monthly limit is reached), or undefined. */
  refusal = (): string | undefined => this.budget.refusal();

  /** Resolves once every addition so far is written. */
  flushed = (): Promise<void> => this.budget.flushed();

  onLimitReached(listener: (refusal: string) => void): Dispose {
    return this.events.on('limitReached', listener);
  }

  handlers(
    readBack: () => { sentences: number; differed: number; repeated: number }
  ): Pick<InvokeHandlers, 'usage.get'> {
    return { 'usage.get': () => ({ ...this.usage.get(), month: this.budget.state(), readBack: { ...readBack() } }) };
  }
}
