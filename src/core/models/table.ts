import type { ModelRole } from '../../shared/settings';

/*
 * Everything Lumen knows about cloud models, in one place: which models can do each job (newest
 * first), what each needs in a request, what it costs, and the shutdown dates OpenAI announced. No
 * other file names a model. What the service itself says at run time (GET /v1/models and its
 * shutdown_date, a 404 model_not_found, a 400 unsupported_parameter) wins over this table.
 *
 * Sources (checked 2026-12-03): OpenAI's model pages and deprecations page, via ../shared/MODELS.md.
 */

/** Which API a model is used through. */
export type ModelEndpoint = 'chat' | 'realtime' | 'speech' | 'transcription';

/** How much a reasoning model thinks before answering. */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/** US dollars per million tokens (or per minute / per million characters where a model is priced so). */
export interface Prices {
  text: { input: number; cached: number; output: number };
  /** Realtime models price pictures apart; chat models count them as text input. */
  image?: number;
  audio?: { input: number; output: number };
  /** Transcription priced by the minute of audio. */
  perMinute?: number;
  /** The old speech endpoint's models priced by the character. */
  perMillionCharacters?: number;
}

export interface ModelSpec {
  id: string;
  endpoint: ModelEndpoint;
  /** Chat models: the name of the answer-length limit. Reasoning models reject max_tokens. */
  tokenParam: 'max_tokens' | 'max_completion_tokens';
  /** Whether `temperature` is accepted (reasoning models reject it). */
  temperature: boolean;
  /** Reasoning models: the effort for a fast first word, and for "think longer". */
  reasoning: { fast: ReasoningEffort; longer: ReasoningEffort } | null;
  images: boolean;
  prices: Prices;
  /** Shutdown announced before the service lists it (YYYY-MM-DD); the service's date wins. */
  shutdown?: string;
  /** A word for the settings list, e.g. "best quality". */
  note?: string;
}

const REASONING_FAST = { fast: 'low', longer: 'medium' } as const;

const chat = (id: string, prices: Prices['text'], shutdown?: string): ModelSpec => ({
  id,
  endpoint: 'chat',
  tokenParam: 'max_tokens',
  temperature: true,
  reasoning: null,
  images: true,
  prices: { text: prices },
  ...(shutdown ? { shutdown } : {})
});

const reasoning = (id: string, prices: Prices['text'], extra: Partial<ModelSpec> = {}): ModelSpec => ({
  id,
  endpoint: 'chat',
  tokenParam: 'max_completion_tokens',
  temperature: false,
  reasoning: REASONING_FAST,
  images: true,
  prices: { text: prices },
  ...extra
});

const realtime = (
  id: string,
  text: Prices['text'],
  audio: Prices['audio'],
  image: number,
  extra: Partial<ModelSpec> = {}
): ModelSpec => ({
  id,
  endpoint: 'realtime',
  tokenParam: 'max_completion_tokens',
  temperature: false,
  reasoning: null,
  images: true,
  prices: { text, audio, image },
  ...extra
});

const priced = (id: string, endpoint: ModelEndpoint, prices: Omit<Prices, 'text'>, shutdown?: string): ModelSpec => ({
  id,
  endpoint,
  tokenParam: 'max_tokens',
  temperature: false,
  reasoning: null,
  images: false,
  prices: { text: { input: 0, cached: 0, output: 0 }, ...prices },
  ...(shutdown ? { shutdown } : {})
});

const RETIRE_GPT4O = '2027-01-14';
const RETIRE_REALTIME_1 = '2027-01-20';
const RETIRE_SPEECH_ENDPOINT = '2027-01-06';
const RETIRE_TRANSCRIBE_1 = '2027-02-26';

export const MODEL_TABLE: readonly ModelSpec[] = [
  reasoning('gpt-6.1-terra', { input: 1, cached: 0.05, output: 5 }),
  reasoning('gpt-6.1-sol', { input: 2, cached: 0.2, output: 10 }, { note: 'best quality, dearer' }),
  reasoning('gpt-6-luna', { input: 0.1, cached: 0.01, output: 0.5 }, { note: 'cheapest' }),
  chat('gpt-4.1', { input: 2, cached: 0.5, output: 8 }, RETIRE_GPT4O),
  chat('gpt-4.1-mini', { input: 0.4, cached: 0.1, output: 1.6 }, RETIRE_GPT4O),
  chat('gpt-4o', { input: 2.5, cached: 1.25, output: 10 }, RETIRE_GPT4O),
  chat('gpt-4o-mini', { input: 0.15, cached: 0.075, output: 0.6 }, RETIRE_GPT4O),
  realtime('gpt-realtime-2.1-mini', { input: 0.6, cached: 0.06, output: 2.4 }, { input: 10, output: 20 }, 0.8),
  realtime('gpt-realtime-2.1', { input: 4, cached: 0.4, output: 24 }, { input: 32, output: 64 }, 5, {
    note: 'best quality'
  }),
  realtime('gpt-realtime-mini', { input: 0.6, cached: 0.06, output: 2.4 }, { input: 10, output: 20 }, 0.8, {
    shutdown: RETIRE_REALTIME_1
  }),
  realtime('gpt-realtime', { input: 4, cached: 0.4, output: 16 }, { input: 32, output: 64 }, 5, {
    shutdown: RETIRE_REALTIME_1
  }),
  priced('gpt-4o-mini-tts', 'speech', { perMillionCharacters: 15 }, RETIRE_SPEECH_ENDPOINT),
  priced('tts-1', 'speech', { perMillionCharacters: 15 }, RETIRE_SPEECH_ENDPOINT),
  priced('gpt-realtime-whisper', 'transcription', { perMinute: 0.017 }),
  priced('gpt-transcribe', 'transcription', { perMinute: 0.0045 }),
  priced('gpt-4o-transcribe', 'transcription', { perMinute: 0.006 }, RETIRE_TRANSCRIBE_1),
  priced('gpt-4o-mini-transcribe', 'transcription', { perMinute: 0.003 }, RETIRE_TRANSCRIBE_1),
  priced('whisper-1', 'transcription', { perMinute: 0.006 }, RETIRE_TRANSCRIBE_1)
];

/**
 * The models that can do each job, best first. Lumen uses the user's choice when it is still
 * available, otherwise the first of these the service lists and has not shut down.
 */
export const ROLE_CANDIDATES: Record<ModelRole, readonly string[]> = {
  describe: ['gpt-6.1-terra', 'gpt-6-luna', 'gpt-4.1', 'gpt-4o'],
  quick: ['gpt-6-luna', 'gpt-4.1-mini', 'gpt-4o-mini'],
  conversation: ['gpt-realtime-2.1-mini', 'gpt-realtime-2.1', 'gpt-realtime-mini', 'gpt-realtime'],
  // The speech endpoint's models close on 2027-01-06; a Realtime model then reads text aloud.
  speech: ['gpt-realtime-2.1-mini', 'gpt-realtime-mini', 'gpt-4o-mini-tts', 'tts-1'],
  captions: ['gpt-realtime-whisper', 'gpt-transcribe', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'whisper-1']
};

/** Which endpoints can do each job. */
export const ROLE_ENDPOINTS: Record<ModelRole, readonly ModelEndpoint[]> = {
  describe: ['chat'],
  quick: ['chat'],
  conversation: ['realtime'],
  speech: ['realtime', 'speech'],
  captions: ['transcription']
};

/** What a compatible (non-OpenAI) server is most likely to accept when the user has named nothing. */
export const COMPATIBLE_DEFAULTS: Record<ModelRole, string> = {
  describe: 'gpt-4o',
  quick: 'gpt-4o-mini',
  conversation: 'gpt-realtime',
  speech: 'tts-1',
  captions: 'whisper-1'
};

const byId = new Map(MODEL_TABLE.map((m) => [m.id, m]));

/** The dearest known price of each kind: what an unknown model is counted at, so the limit never stops late. */
export const DEAREST: Prices = {
  text: {
    input: Math.max(...MODEL_TABLE.map((m) => m.prices.text.input)),
    cached: Math.max(...MODEL_TABLE.map((m) => m.prices.text.input)),
    output: Math.max(...MODEL_TABLE.map((m) => m.prices.text.output))
  },
  image: Math.max(...MODEL_TABLE.map((m) => m.prices.image ?? 0)),
  audio: {
    input: Math.max(...MODEL_TABLE.map((m) => m.prices.audio?.input ?? 0)),
    output: Math.max(...MODEL_TABLE.map((m) => m.prices.audio?.output ?? 0))
  },
  perMinute: Math.max(...MODEL_TABLE.map((m) => m.prices.perMinute ?? 0)),
  perMillionCharacters: Math.max(...MODEL_TABLE.map((m) => m.prices.perMillionCharacters ?? 0))
};

/** A dated snapshot shares its family's needs and prices: gpt-4o-2024-08-06 → gpt-4o. */
function familyOf(id: string): ModelSpec | undefined {
  const exact = byId.get(id);
  if (exact) return exact;
  const dated = /^(.*)-\d{4}-\d{2}-\d{2}$/.exec(id);
  return dated ? byId.get(dated[1]!) : undefined;
}

/** Names of the reasoning generations: gpt-5 and later, and the o-series. */
const REASONING_NAME = /^(gpt-([5-9]|\d{2,})(\.\d+)?(-|$)|o\d)/;

/**
 * What Lumen knows of a model: its table entry, or, for a model it has never heard of, a guess from
 * its name that the service's own refusals then correct (see request.ts).
 */
export function specFor(id: string): ModelSpec & { known: boolean } {
  const known = familyOf(id);
  if (known) return { ...known, id, known: true };
  const endpoint: ModelEndpoint = /realtime/.test(id)
    ? 'realtime'
    : /transcribe|whisper/.test(id)
      ? 'transcription'
      : /tts|speech/.test(id)
        ? 'speech'
        : 'chat';
  const base = REASONING_NAME.test(id) ? reasoning(id, DEAREST.text) : chat(id, DEAREST.text);
  return { ...base, endpoint, prices: DEAREST, known: false };
}

/** Whether the name is one of OpenAI's own models (a compatible server lists others). */
export const isOpenAIModelName = (id: string): boolean =>
  familyOf(id) !== undefined || /^(gpt-|o\d|tts-|whisper-|chatgpt-|dall-e|text-embedding-)/.test(id);
