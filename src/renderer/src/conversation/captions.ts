import type { ConversationCaption, ConversationState } from '../../../shared/contract';
import { isRunning } from './labels';

/** One line of the captions: what the user said, or what Lumen said (as far as it was heard). */
export interface CaptionLine {
  /** Unique on this page, so finished lines keep their place in the log. */
  key: number;
  itemId: string;
  role: ConversationCaption['role'];
  text: string;
  interrupted: boolean;
}

/** Captions kept on screen; older lines scroll away. */
export const MAX_CAPTION_LINES = 50;

export function captionLine(caption: ConversationCaption, key: number): CaptionLine {
  return {
    key,
    itemId: caption.itemId,
    role: caption.role,
    text: caption.text.trim(),
    interrupted: !!caption.interrupted
  };
}

/** The lines still being said, with `line` in its item's place (keeping that line's key) or added last. */
export function withPartial(partials: CaptionLine[], line: CaptionLine): CaptionLine[] {
  return partials.some((l) => l.itemId === line.itemId)
    ? partials.map((l) => (l.itemId === line.itemId ? { ...line, key: l.key } : l))
    : [...partials, line];
}

/** The lines still being said, once `itemId` is finished. */
export const withoutItem = (partials: CaptionLine[], itemId: string) => partials.filter((l) => l.itemId !== itemId);

/** The finished captions with `line` added, unless nothing was said; the oldest scroll away. */
export function withFinished(captions: CaptionLine[], line: CaptionLine): CaptionLine[] {
  return line.text ? [...captions.slice(-(MAX_CAPTION_LINES - 1)), line] : captions;
}

/** The finished captions with lines that will never be finished added, marked as cut off. */
export const withCutOff = (captions: CaptionLine[], unfinished: CaptionLine[]) => [
  ...captions,
  ...unfinished.map((l) => ({ ...l, interrupted: true }))
];

/** Words still arriving when the line dropped or the conversation ended will not be finished. */
export const endsUnfinishedWords = (state: ConversationState) => !isRunning(state) || state === 'reconnecting';
