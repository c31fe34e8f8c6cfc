import type { ConversationCaption } from '../../shared/contract';
import { Events } from '../util/events';

type CaptionEvents = { caption: (caption: ConversationCaption) => void };

interface CaptionState {
  text: string;
  final: boolean;
}

/**
 * The captions of one connection, item by item: words as they come, then the whole text once final.
 * A caption is final once; nothing of its item is shown after that.
 */
export class CaptionStream {
  private readonly events: Events<CaptionEvents>;
  private readonly captions = new Map<string, CaptionState>();

  constructor(onListenerError?: (error: unknown, event: keyof CaptionEvents) => void) {
    this.events = new Events(onListenerError);
  }

  on<K extends keyof CaptionEvents>(event: K, listener: CaptionEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  /** Words of an item: a delta to add, or (final) the whole text. */
  add(role: ConversationCaption['role'], itemId: string, text: string, final: boolean): void {
    let caption = this.captions.get(itemId);
    if (!caption) {
      caption = { text: '', final: false };
      this.captions.set(itemId, caption);
    }
    if (caption.final) return;
    if (final) {
      const delta = text.startsWith(caption.text) ? text.slice(caption.text.length) : text;
      caption.text = text;
      caption.final = true;
      this.events.emit('caption', { role, itemId, delta, text, final: true });
      return;
    }
    if (!text) return;
    caption.text += text;
    this.events.emit('caption', { role, itemId, delta: text, text: caption.text, final: false });
  }

  /** A reply cut short: its caption becomes final with what was shown so far, marked interrupted. */
  closeInterrupted(itemId: string): void {
    const caption = this.captions.get(itemId);
    if (!caption || caption.final) return;
    caption.final = true;
    this.events.emit('caption', {
      role: 'assistant',
      itemId,
      delta: '',
      text: caption.text,
      final: true,
      interrupted: true
    });
  }

  /** The items whose captions were still coming. */
  unfinished(): string[] {
    return [...this.captions].filter(([, caption]) => !caption.final).map(([itemId]) => itemId);
  }

  /** A new connection: its items are new. */
  reset(): void {
    this.captions.clear();
  }
}
