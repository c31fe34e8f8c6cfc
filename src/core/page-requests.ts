import { contract, type PageReplyOf, type PageRequestOf, type RequestChannel } from '../shared/contract';
import { LumenError } from '../shared/errors';
import type { Emit } from './core-events';
import type { InvokeHandlers } from './router';

interface Pending {
  channel: RequestChannel;
  resolve(reply: unknown): void;
  reject(error: Error): void;
}

export interface AskOptions {
  /** A page that has not replied by then is taken not to: the promise rejects with TIMEOUT. */
  timeoutMs: number;
  /** Aborting rejects the promise at once and tells the page to stop. */
  signal?: AbortSignal;
  /** What to say on timeout. */
  late?: string;
}

/**
 * Core asks the page: the contract's request channels, sent as page.request events and answered by
 * the page.reply invoke, the reply checked against the channel's schema. Every ask ends: with the
 * reply, the page's error, the time limit, or the caller's abort.
 */
export class PageRequests {
  private readonly pending = new Map<string, Pending>();
  private next = 1;

  constructor(private readonly emit: Emit) {}

  ask<K extends RequestChannel>(channel: K, payload: PageRequestOf<K>, options: AskOptions): Promise<PageReplyOf<K>> {
    const id = `${channel}-${this.next++}`;
    return new Promise<PageReplyOf<K>>((resolve, reject) => {
      const { signal } = options;
      const end = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.pending.delete(id);
      };
      const onAbort = () => {
        end();
        this.emit('page.cancel', { id });
        reject(new LumenError('CANCELLED', 'Stopped.'));
      };
      const timer = setTimeout(() => {
        end();
        this.emit('page.cancel', { id });
        reject(new LumenError('TIMEOUT', options.late ?? 'The window did not answer in time.'));
      }, options.timeoutMs);
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        channel,
        resolve: (reply) => {
          end();
          resolve(reply as PageReplyOf<K>);
        },
        reject: (error) => {
          end();
          reject(error);
        }
      });
      this.emit('page.request', { id, channel, payload });
    });
  }

  handlers(): Pick<InvokeHandlers, 'page.reply'> {
    return { 'page.reply': ({ id, reply, error }) => ({ known: this.settle(id, reply, error) }) };
  }

  /** The page's reply; false when nothing waits for that id (late, cancelled, or made up). */
  private settle(id: string, reply: unknown, error: string | undefined): boolean {
    const waiting = this.pending.get(id);
    if (!waiting) return false;
    if (error !== undefined) {
      waiting.reject(new LumenError('UNAVAILABLE', error || 'The window could not do it.'));
      return true;
    }
    const parsed = contract[waiting.channel].reply.safeParse(reply);
    if (!parsed.success) {
      waiting.reject(new LumenError('INVALID_REQUEST', 'The window answered with something Lumen cannot use.'));
      throw new LumenError('INVALID_REQUEST', `That is not a reply to ${waiting.channel}.`);
    }
    waiting.resolve(parsed.data);
    return true;
  }
}
