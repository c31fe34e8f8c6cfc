import type { ConversationItemCreateEvent } from 'openai/resources/realtime/realtime';
import { jpegDataUrl } from '../imaging/prepare';
import { LOOK_SOURCES, type LookSource } from './config';

/** Takes a fresh picture for the model: prepared JPEG bytes, or throws an Error whose message can be spoken. */
export type LookCallback = (source: LookSource) => Promise<Uint8Array>;

/** The model's arguments, read leniently: anything unclear means the camera (what "look" most often means). */
export function parseLookArguments(args: string): LookSource {
  try {
    const parsed = JSON.parse(args) as { source?: unknown };
    const source = typeof parsed?.source === 'string' ? parsed.source.trim().toLowerCase() : '';
    if ((LOOK_SOURCES as readonly string[]).includes(source)) return source as LookSource;
  } catch {
    // fall through
  }
  return 'camera';
}

/** A user message holding a picture (and a few words about it, when there are some). */
export function imageItem(jpeg: Uint8Array, note?: string): ConversationItemCreateEvent {
  const text = note?.trim();
  return {
    type: 'conversation.item.create',
    item: {
      type: 'message',
      role: 'user',
      content: [
        ...(text ? [{ type: 'input_text' as const, text }] : []),
        { type: 'input_image', image_url: jpegDataUrl(jpeg) }
      ]
    }
  };
}

export type LookOutcome = { source: LookSource; jpeg: Uint8Array } | { source: LookSource; failure: string };

/** Runs the host's capture; a failure becomes words for the model to say, never an exception. */
export async function runLook(look: LookCallback | undefined, source: LookSource): Promise<LookOutcome> {
  if (!look) return { source, failure: 'Looking is not available here.' };
  try {
    const jpeg = await look(source);
    if (!jpeg || jpeg.byteLength === 0) return { source, failure: `The ${source} gave an empty picture.` };
    return { source, jpeg };
  } catch (error) {
    const message = error instanceof Error && error.message ? error.message : String(error);
    return { source, failure: message };
  }
}

/** What goes back to the model for one call: the function's output, then the picture itself. */
export function lookReply(callId: string, outcome: LookOutcome): ConversationItemCreateEvent[] {
  const name = outcome.source;
  if ('failure' in outcome) {
    return [
      {
        type: 'conversation.item.create',
        item: {
          type: 'function_call_output',
          call_id: callId,
          output: `No picture: the ${name} could not be used. ${outcome.failure} Tell the user this in plain words.`
        }
      }
    ];
  }
  return [
    {
      type: 'conversation.item.create',
      item: {
        type: 'function_call_output',
        call_id: callId,
        output: `Took a fresh picture from the ${name}; it is the next image in the conversation.`
      }
    },
    imageItem(outcome.jpeg, `The picture from the ${name}, just taken.`)
  ];
}
