import type { TextOutcome, TextUtterance } from '../../shared/contract';
import type { Emit } from '../core-events';
import type { TextLink } from './outputs';

/**
 * Text utterances go to the renderer as events; the renderer answers with speech.textDone. A
 * renderer that never answers (closed window) must not stall the queue, hence the time limit.
 */
export class EventTextLink implements TextLink {
  private readonly pending = new Map<string, (outcome: TextOutcome) => void>();

  constructor(
    private readonly emit: Emit,
    private readonly timeoutMs = (text: string, rate: number) => 10_000 + (text.length * 150) / rate
  ) {}

  say(utterance: TextUtterance): Promise<TextOutcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => this.settle(utterance.id, 'failed'),
        this.timeoutMs(utterance.text, utterance.rate)
      );
      this.pending.set(utterance.id, (outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
      this.emit('speech.utterance', utterance);
    });
  }

  control(action: 'stop' | 'pause' | 'resume' | 'skip'): void {
    this.emit('speech.textControl', { action });
    if (action === 'stop' || action === 'skip') {
      for (const id of [...this.pending.keys()]) this.settle(id, 'cancelled');
    }
  }

  /** The renderer's report; false when the id is unknown (late or made up). */
  settle(id: string, outcome: TextOutcome): boolean {
    const resolve = this.pending.get(id);
    this.pending.delete(id);
    resolve?.(outcome);
    return resolve !== undefined;
  }
}
