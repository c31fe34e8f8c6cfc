import { Pcm16Assembler } from '../audio/pcm';
import { samplesToMs } from './audio-format';

/** A reply item whose audio came on this connection. */
export interface ReplyItem {
  readonly itemId: string;
  readonly contentIndex: number;
  readonly responseId: string;
}

/** What the service is told to forget of an item: its audio from `audioEndMs` on. */
export interface Truncation {
  itemId: string;
  contentIndex: number;
  audioEndMs: number;
  /** All the audio the service made for the item, played or not. */
  totalMs: number;
}

interface Entry extends ReplyItem {
  assembler: Pcm16Assembler;
  /** Samples passed on to the host. */
  emitted: number;
  /** Samples that arrived after an interrupt and were thrown away. */
  dropped: number;
  /** What the user heard, once reported; a truncate is owed while `truncatePending`. */
  heardMs?: number;
  truncatePending: boolean;
  truncated: boolean;
}

/**
 * The reply audio of one connection: what was passed on to be played and what was dropped after an
 * interrupt, what the user heard of it, and the truncate that makes the service remember only that.
 */
export class ReplyAudioLedger {
  private readonly items = new Map<string, Entry>();
  private readonly droppedItems = new Set<string>();
  private readonly droppedResponses = new Set<string>();
  private last: Entry | undefined;

  /** The item whose audio was passed on last: what may be playing now. */
  get lastPassedOn(): ReplyItem | undefined {
    return this.last;
  }

  /** A delta of reply audio: the samples to play, or undefined when its reply was dropped. */
  receive(responseId: string, itemId: string, contentIndex: number, delta: string): Int16Array | undefined {
    let item = this.items.get(itemId);
    if (!item) {
      item = {
        itemId,
        contentIndex,
        responseId,
        assembler: new Pcm16Assembler(),
        emitted: 0,
        dropped: 0,
        truncatePending: false,
        truncated: false
      };
      this.items.set(itemId, item);
    }
    const samples = item.assembler.push(Buffer.from(delta, 'base64'));
    if (this.isDropped(responseId, itemId)) {
      // Audio after an interrupt or stop is never played.
      item.dropped += samples.length;
      this.droppedItems.add(itemId);
      return undefined;
    }
    item.emitted += samples.length;
    this.last = item;
    return samples;
  }

  /** Nothing more of this item reaches the host. */
  dropItem(itemId: string): void {
    this.droppedItems.add(itemId);
  }

  /** Nothing more of this response reaches the host. */
  dropResponse(responseId: string): void {
    this.droppedResponses.add(responseId);
  }

  isItemDropped(itemId: string): boolean {
    return this.droppedItems.has(itemId);
  }

  isResponseDropped(responseId: string): boolean {
    return this.droppedResponses.has(responseId);
  }

  isDropped(responseId: string, itemId: string): boolean {
    return this.isItemDropped(itemId) || this.isResponseDropped(responseId);
  }

  /** The host heard `playedMs` of an item; undefined when the item is unknown here or already truncated. */
  heard(itemId: string, contentIndex: number, playedMs: number): ReplyItem | undefined {
    const item = this.items.get(itemId);
    if (!item || item.contentIndex !== contentIndex || item.truncated) return undefined;
    item.heardMs = Math.max(0, Math.round(Number.isFinite(playedMs) ? playedMs : 0));
    return item;
  }

  /** The item's response is still being made: it is truncated once that response is done. */
  truncateWhenDone(itemId: string): void {
    const item = this.items.get(itemId);
    if (item) item.truncatePending = true;
  }

  /** The truncations owed for items of a response that is done. */
  dueTruncations(responseId: string): Truncation[] {
    const due = [...this.items.values()].filter((item) => item.responseId === responseId && item.truncatePending);
    return due.flatMap((item) => this.truncate(item.itemId) ?? []);
  }

  /** What to forget of an item now; undefined when the user heard everything the service made. */
  truncate(itemId: string): Truncation | undefined {
    const item = this.items.get(itemId);
    if (!item) return undefined;
    item.truncatePending = false;
    const emittedMs = Math.floor(samplesToMs(item.emitted));
    const heard = Math.min(item.heardMs ?? emittedMs, emittedMs);
    // Heard to the end of everything the service made: nothing to forget.
    if (heard >= emittedMs && item.dropped === 0) return undefined;
    item.truncated = true;
    return {
      itemId: item.itemId,
      contentIndex: item.contentIndex,
      audioEndMs: heard,
      totalMs: samplesToMs(item.emitted + item.dropped)
    };
  }

  /** A new connection: its items are new. */
  reset(): void {
    this.items.clear();
    this.droppedItems.clear();
    this.droppedResponses.clear();
    this.last = undefined;
  }
}
