import type {
  AudioTranscription,
  RealtimeAudioInputTurnDetection,
  RealtimeFunctionTool,
  RealtimeSessionCreateRequest,
  SessionUpdateEvent
} from 'openai/resources/realtime/realtime';
import { SAMPLE_RATE } from '../../shared/audio-frames';
import type { Settings } from '../../shared/settings';
import { ROLE_CANDIDATES } from '../models/table';
import { realtimeInstructions } from './instructions';
import { LIVE_TOOL } from './live-tool';

/** Where the `look` tool can take a fresh picture from. */
export const LOOK_SOURCES = ['camera', 'screen', 'window'] as const;
export type LookSource = (typeof LOOK_SOURCES)[number];

/** The Realtime API's built-in voices (TTS has more; fable, nova and onyx are not offered here). */
export const REALTIME_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar'
] as const;
/** Used when the voice in settings is a TTS-only one; the service recommends it for quality. */
export const REALTIME_FALLBACK_VOICE = 'marin';

/** The service accepts 0.25–1.5 for the Realtime voice's speed. */
const MIN_SPEED = 0.25;
const MAX_SPEED = 1.5;

/** The models asked to caption what the user says, best first, unless the host knows better. */
export const DEFAULT_TRANSCRIPTION_MODELS: readonly string[] = ROLE_CANDIDATES.captions;

/**
 * Turn taking: the service's plain voice activity detection, its semantic end-of-thought detection,
 * or none (push-to-talk: the client commits each turn itself).
 */
export type TurnDetectionMode = 'server_vad' | 'semantic_vad' | 'manual';

export interface SessionConfig {
  voice: string;
  /** 1 is normal. */
  speed: number;
  /** Language of answers, e.g. "German"; empty answers in the user's language. */
  answerLanguage: string;
  /** ISO 639-1 hint for the captions of what the user says, e.g. "de"; empty lets the model detect it. */
  transcriptionLanguage: string;
  turnDetection: TurnDetectionMode;
  /** Whether the model may ask for a fresh picture. */
  canLook: boolean;
  /** Whether the model may start, stop and report live description of the camera. */
  canWatchLive: boolean;
  /** Spoken replies (audio plus transcript) or text only (typed conversations, `lumen converse --text`). */
  output: 'audio' | 'text';
  /**
   * Models for the captions of what the user says, best first: the session asks for the first and
   * falls back to the next when the service refuses one. Empty: no captions of the user's words.
   */
  transcriptionModels: string[];
}

/** The conversation's settings as chosen in Lumen's settings. */
export function sessionConfigFromSettings(
  settings: Pick<Settings, 'speech' | 'assistant'>,
  options: {
    turnDetection?: TurnDetectionMode;
    canLook?: boolean;
    canWatchLive?: boolean;
    output?: 'audio' | 'text';
    /** Candidates for the user's captions, best first; default DEFAULT_TRANSCRIPTION_MODELS. */
    transcriptionModels?: readonly string[];
  } = {}
): SessionConfig {
  return {
    voice: settings.speech.openaiVoice,
    speed: settings.speech.rate,
    answerLanguage: settings.assistant.language,
    transcriptionLanguage: primaryLanguage(settings.speech.language),
    turnDetection: options.turnDetection ?? 'server_vad',
    canLook: options.canLook ?? false,
    canWatchLive: options.canWatchLive ?? false,
    output: options.output ?? 'audio',
    transcriptionModels: [...(options.transcriptionModels ?? DEFAULT_TRANSCRIPTION_MODELS)]
  };
}

/** "en-US" → "en"; the transcription model wants ISO 639-1. Anything unusual → "" (detect). */
export function primaryLanguage(tag: string): string {
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? '';
  return /^[a-z]{2}$/.test(primary) ? primary : '';
}

export function realtimeVoice(voice: string): string {
  const wanted = voice.trim().toLowerCase();
  return (REALTIME_VOICES as readonly string[]).includes(wanted) ? wanted : REALTIME_FALLBACK_VOICE;
}

export function realtimeSpeed(rate: number): number {
  if (!Number.isFinite(rate)) return 1;
  return Math.min(MAX_SPEED, Math.max(MIN_SPEED, Math.round(rate * 100) / 100));
}

export const LOOK_TOOL: RealtimeFunctionTool = {
  type: 'function',
  name: 'look',
  description:
    'Take a fresh picture and look at it. Use it when the user asks what is in front of them, what is on the screen or in a window now, or asks you to look again. The picture arrives as the next image in the conversation.',
  parameters: {
    type: 'object',
    properties: {
      source: {
        type: 'string',
        enum: [...LOOK_SOURCES],
        description:
          'camera: what is in front of the user; screen: the whole computer screen; window: the window the user is working in.'
      }
    },
    required: ['source'],
    additionalProperties: false
  }
};

function turnDetection(mode: TurnDetectionMode): RealtimeAudioInputTurnDetection | null {
  switch (mode) {
    case 'manual':
      return null;
    case 'semantic_vad':
      return { type: 'semantic_vad', eagerness: 'auto', create_response: true, interrupt_response: true };
    case 'server_vad':
      // 500 ms of silence: long enough for a pause to think, short enough to feel quick.
      return {
        type: 'server_vad',
        threshold: 0.5,
        prefix_padding_ms: 300,
        silence_duration_ms: 500,
        create_response: true,
        interrupt_response: true
      };
  }
}

/**
 * The whole session configuration; sent on every (re)connection so each new session is the same.
 * `transcriptionModel` is the caption model to ask for (null: none); by default the first candidate.
 */
export function buildSession(
  config: SessionConfig,
  transcriptionModel: string | null = config.transcriptionModels[0] ?? null
): RealtimeSessionCreateRequest {
  const language = config.transcriptionLanguage;
  return {
    type: 'realtime',
    instructions: realtimeInstructions({
      language: config.answerLanguage,
      canLook: config.canLook,
      canWatchLive: config.canWatchLive
    }),
    output_modalities: [config.output],
    audio: {
      input: {
        format: { type: 'audio/pcm', rate: SAMPLE_RATE },
        // null turns captions off (the service documents it; the SDK's type leaves it out).
        transcription: (transcriptionModel
          ? { model: transcriptionModel, ...(language ? { language } : {}) }
          : null) as AudioTranscription,
        noise_reduction: { type: 'near_field' },
        turn_detection: turnDetection(config.turnDetection)
      },
      output: {
        format: { type: 'audio/pcm', rate: SAMPLE_RATE },
        voice: realtimeVoice(config.voice),
        speed: realtimeSpeed(config.speed)
      }
    },
    tools: [...(config.canLook ? [LOOK_TOOL] : []), ...(config.canWatchLive ? [LIVE_TOOL] : [])],
    tool_choice: 'auto'
  };
}

export function sessionUpdate(
  config: SessionConfig,
  transcriptionModel: string | null = config.transcriptionModels[0] ?? null
): SessionUpdateEvent {
  return { type: 'session.update', session: buildSession(config, transcriptionModel) };
}
