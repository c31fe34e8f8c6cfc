import type { TextOutcome, TextUtterance } from '../../shared/contract';
import type { Emit } from '../core-events';
import type { PageRequests } from '../page-requests';
import type { TextLink } from './outputs';

/**
 * Text utterances go to the page as speech.utterance requests; the page replies how each went. A
 * page that never replies (closed window) must not stall the queue, hence the time limit.
 */
export class PageTextLink implements TextLink {
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly requests: PageRequests,
    private readonly emit: Emit,
    private readonly timeoutMs = (text: string, rate: number) => 10_000 + (text.length * 150) / rate
  ) {}

  async say(utterance: TextUtterance): Promise<TextOutcome> {
    const abort = new AbortController();
    this.inFlight.add(abort);
    try {
      const timeoutMs = this.timeoutMs(utterance.text, utterance.rate);
      return (await this.requests.ask('speech.utterance', utterance, { timeoutMs, signal: abort.signal })).outcome;
    } catch {
      return abort.signal.aborted ? 'cancelled' : 'failed';
    } finally {
      this.inFlight.delete(abort);
    }
  }

  control(action: 'stop' | 'pause' | 'resume' | 'skip'): void {
    this.emit('speech.textControl', { action });
    if (action === 'stop' || action === 'skip') for (const abort of [...this.inFlight]) abort.abort();
  }
}
