import type { ChatCompletionContentPart, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Mode } from './prompts';

export interface TurnImage {
  dataUrl: string;
  detail: 'low' | 'high';
  tokens: number;
}

export interface Turn {
  mode: Mode;
  text: string;
  images: TurnImage[];
  answer: string;
  /** A screen's own picture, kept (in memory only) to read its text offline if it cannot be described. */
  offline?: Uint8Array;
}

/**
 * Past images cost tokens and upload time on every request; beyond this budget the oldest are
 * dropped (their answers stay as text). It holds one default picture, so a follow-up resends the
 * picture it is about, and a new picture replaces the old one.
 */
export const IMAGE_TOKEN_BUDGET = 800;
/** Past turns kept at all, as text. */
export const MAX_TURNS = 10;

/**
 * The conversation sent with each request: recent turns as text, the newest images attached while
 * they fit the token budget, older images replaced by a note so the model knows they existed.
 */
export function buildMessages(system: string, turns: readonly Turn[], current: Turn): ChatCompletionMessageParam[] {
  const all = [...turns.slice(-MAX_TURNS), current];
  let budget = IMAGE_TOKEN_BUDGET;
  const keep = new Set<TurnImage>();
  for (let i = all.length - 1; i >= 0; i--) {
    for (const image of all[i]!.images) {
      // The current turn's images always go, whatever they cost.
      if (all[i] === current || image.tokens <= budget) {
        keep.add(image);
        budget -= image.tokens;
      }
    }
  }
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: system }];
  for (const turn of all) {
    const dropped = turn.images.filter((i) => !keep.has(i)).length;
    const parts: ChatCompletionContentPart[] = [
      {
        type: 'text',
        text: dropped ? `${turn.text} (An earlier picture went with this; it is no longer attached.)` : turn.text
      },
      ...turn.images
        .filter((i) => keep.has(i))
        .map((i): ChatCompletionContentPart => ({ type: 'image_url', image_url: { url: i.dataUrl, detail: i.detail } }))
    ];
    messages.push({ role: 'user', content: parts.length === 1 ? turn.text : parts });
    if (turn !== current) messages.push({ role: 'assistant', content: turn.answer });
  }
  return messages;
}

/** The mode of a follow-up: that of the last turn with a picture, or plain questions. */
export function currentMode(turns: readonly Turn[]): Mode {
  return [...turns].reverse().find((t) => t.images.length)?.mode ?? 'text';
}

/** The images a follow-up refers to: the last turn's that had any. */
export function lastImages(turns: readonly Turn[]): TurnImage[] {
  return [...turns].reverse().find((t) => t.images.length)?.images ?? [];
}
