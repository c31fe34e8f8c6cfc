import type { ConversationItemCreateEvent } from 'openai/resources/realtime/realtime';

/*
 * The conversation as text: what the user said (their transcripts and typed questions) and what
 * Lumen said (its transcripts, cut to what was actually heard). A new Realtime session starts empty,
 * so after a reconnect this text is replayed as conversation items and the talk carries on. Audio
 * and pictures are not replayed: they are costly, and the answers about them carry what was learnt.
 */

export interface ReplayEntry {
  role: 'user' | 'assistant';
  text: string;
  /** The Realtime item it came from, while that session lasts. */
  itemId?: string;
  /** The reply stopped part way (interrupted, or the connection dropped). */
  cutOff?: boolean;
}

export interface ReplayLimits {
  /** Most recent entries kept. */
  maxEntries: number;
  /** Most recent characters kept (about four per token). */
  maxChars: number;
}

export const DEFAULT_REPLAY_LIMITS: ReplayLimits = { maxEntries: 40, maxChars: 12_000 };

/**
 * The start of `text` that was spoken in the first `heardMs` of `totalMs` of audio, cut at a word
 * boundary. Speech runs at a fairly even pace, so the share of time is a fair share of the words.
 */
export function heardPart(text: string, heardMs: number, totalMs: number): string {
  if (!(totalMs > 0) || heardMs >= totalMs) return text;
  if (!(heardMs > 0)) return '';
  const chars = Math.floor((text.length * heardMs) / totalMs);
  const cut = text.slice(0, chars);
  // Keep only whole words: a half word read back to the model is noise.
  const lastSpace = cut.lastIndexOf(' ');
  const whole = chars < text.length && text[chars] !== ' ' && lastSpace > 0 ? cut.slice(0, lastSpace) : cut;
  return whole.trimEnd();
}

/** The conversation items that restore the history in a fresh session, oldest first. */
export function replayItems(
  entries: readonly ReplayEntry[],
  limits: ReplayLimits = DEFAULT_REPLAY_LIMITS
): ConversationItemCreateEvent[] {
  const kept: ReplayEntry[] = [];
  let chars = 0;
  for (let i = entries.length - 1; i >= 0 && kept.length < limits.maxEntries; i--) {
    const entry = entries[i]!;
    const text = entry.text.trim();
    if (!text) continue;
    if (chars + text.length > limits.maxChars) break;
    chars += text.length;
    kept.unshift({ ...entry, text });
  }
  return kept.map((entry) => {
    const text = entry.cutOff ? `${entry.text} …` : entry.text;
    return entry.role === 'user'
      ? {
          type: 'conversation.item.create',
          item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] }
        }
      : {
          type: 'conversation.item.create',
          item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }
        };
  });
}

/** The running text history of one conversation, across sessions. */
export class ConversationHistory {
  private readonly list: ReplayEntry[] = [];

  get entries(): readonly ReplayEntry[] {
    return this.list;
  }

  add(entry: ReplayEntry): ReplayEntry {
    this.list.push(entry);
    return entry;
  }

  find(itemId: string): ReplayEntry | undefined {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i]!.itemId === itemId) return this.list[i];
    return undefined;
  }

  /** Item ids belong to one session; a new session must not match them by accident. */
  forgetItemIds(): void {
    for (const entry of this.list) delete entry.itemId;
  }

  clear(): void {
    this.list.length = 0;
  }
}
