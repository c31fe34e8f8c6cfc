import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { LumenError } from '../../shared/errors';
import type { AnswerMode } from '../../shared/eval-case';
import type { Turn } from '../vision/conversation';
import type { Remembered } from './assistant';

/** Answers held for "ask again", "show picture" and feedback; older ones are dropped. */
export const MAX_ANSWER_RECORDS = 20;

export const ANSWER_GONE =
  'Lumen no longer holds that answer: it keeps the last 20, and forgets them when you ask it to forget everything.';
export const NO_PICTURE = 'No picture went with this answer.';

/** One answer as it was asked and given: enough to ask it again, show its picture, or judge it. */
export interface AnswerRecord {
  id: string;
  /** What was asked, or the describe request ("Describe what the camera sees."). */
  question: string;
  /** False for a picture described without a question: `question` then only names the request. */
  ownQuestion: boolean;
  source: Remembered['source'];
  mode: AnswerMode;
  /** The answer so far; all of it once done. */
  answer: string;
  /** The model that gave it; empty until it is done. */
  model: string;
  at: Date;
  /**
   * The JPEG that was sent, after the privacy shield: this answer's own picture, or for a follow-up
   * the one it is about. Absent when no picture went with it.
   */
  picture?: Buffer;
  /** The request as it was sent: the turn, the turns before it, and what was said before the answer. */
  turn: Turn;
  context: readonly Turn[];
  preface?: string;
}

/** The latest answers, in memory only. */
export class AnswerRecords {
  private readonly records = new Map<string, AnswerRecord>();

  keep(record: AnswerRecord): void {
    this.records.set(record.id, record);
    for (const id of this.records.keys()) {
      if (this.records.size <= MAX_ANSWER_RECORDS) break;
      this.records.delete(id);
    }
  }

  /** The answer `id`, or a LumenError saying it is no longer held. */
  get(id: string): AnswerRecord {
    const record = this.records.get(id);
    if (!record) throw new LumenError('UNAVAILABLE', ANSWER_GONE);
    return record;
  }

  /** The picture answer `id` was about, as it was sent. */
  picture(id: string): Buffer {
    const { picture } = this.get(id);
    if (!picture) throw new LumenError('UNAVAILABLE', NO_PICTURE);
    return picture;
  }

  forget(): void {
    this.records.clear();
  }
}

/** The newest picture in a request, as the JPEG bytes its data URL carries. */
export function sentPicture(messages: readonly ChatCompletionMessageParam[]): Buffer | undefined {
  for (const message of [...messages].reverse()) {
    if (message.role !== 'user' || !Array.isArray(message.content)) continue;
    const image = message.content.findLast((part) => part.type === 'image_url');
    if (image) return Buffer.from(image.image_url.url.slice(image.image_url.url.indexOf(',') + 1), 'base64');
  }
  return undefined;
}
