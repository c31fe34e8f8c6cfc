import { z } from 'zod';
import { DEFAULT_DENY_LIST } from './deny-list';
import { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS, type ShortcutAction } from './shortcuts';

export { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS, SHORTCUT_LABELS, type ShortcutAction } from './shortcuts';

/** Hosts that are this computer: localhost, 127.0.0.0/8 and ::1 (as the URL parser writes them). */
function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export const NOT_AN_ENDPOINT = 'The endpoint must start with http:// or https://';
export const UNENCRYPTED_ENDPOINT =
  'An http:// endpoint must be on this computer (localhost, 127.0.0.1 or ::1); any other address needs https://, so the API key and pictures never travel unencrypted.';

/**
 * Why Lumen may not send a key or a picture to this base URL, or undefined when it may: it must be an
 * http(s) address, and http:// only on this computer (loopback), where nothing crosses a network.
 */
export function endpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return NOT_AN_ENDPOINT;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return NOT_AN_ENDPOINT;
  return isLoopback(url.hostname) ? undefined : UNENCRYPTED_ENDPOINT;
}

/** An empty string means "use OPENAI_BASE_URL or the service's own address". */
const endpointSchema = z
  .string()
  .trim()
  .max(2048)
  .superRefine((s, ctx) => {
    const problem = s === '' ? undefined : /^https?:\/\/[^\s]+$/i.test(s) ? endpointProblem(s) : NOT_AN_ENDPOINT;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const SETTINGS_VERSION = 3;

export const SPEECH_PROVIDERS = ['auto', 'openai', 'system', 'screen-reader', 'offline'] as const;
export type SpeechProviderChoice = (typeof SPEECH_PROVIDERS)[number];

const speechSchema = z.object({
  /** auto: the OpenAI voice when a key is set, else the offline voice. */
  provider: z.enum(SPEECH_PROVIDERS),
  rate: z.number().min(0.5).max(2),
  volume: z.number().min(0).max(1),
  /** The system or offline voice's name; empty for the default. */
  voice: z.string().max(100),
  openaiVoice: z.string().min(1).max(50),
  /** BCP 47 tag of what Lumen says, e.g. "en-US"; empty follows the system. */
  language: z.string().max(35),
  /** Tone for the OpenAI voice. */
  instructions: z.string().max(1000),
  earcons: z.boolean()
});

const assistantSchema = z.object({
  /** How many image tiles to pay for: low is cheapest, auto keeps a describe under 800 tokens. */
  detail: z.enum(['low', 'high', 'auto']),
  verbosity: z.enum(['brief', 'normal', 'detailed']),
  /** Language of answers, e.g. "German"; empty answers in the language of the question. */
  language: z.string().max(50),
  /** Typed questions get more reasoning (slower, sometimes better); describes always start fast. */
  thinkLonger: z.boolean()
});

/** What Lumen uses a cloud model for; src/core/models knows which models fit each. */
export const MODEL_ROLES = ['describe', 'quick', 'conversation', 'speech', 'captions'] as const;
export type ModelRole = (typeof MODEL_ROLES)[number];

/** A model's name as the service writes it; empty means "Lumen chooses". */
const modelChoice = z
  .string()
  .trim()
  .max(100)
  .regex(/^[\w.:/-]*$/, 'A model name has only letters, digits and . : / - _ in it.');
const modelsSchema = z.object({
  /** Describing pictures and answering questions. */
  describe: modelChoice,
  /** Answers when the describe model is busy or failing. */
  quick: modelChoice,
  /** The spoken conversation (Realtime). */
  conversation: modelChoice,
  /** The OpenAI voice. */
  speech: modelChoice,
  /** Captions of what the user says in the conversation. */
  captions: modelChoice
});

const captureSchema = z.object({
  /** The camera chosen in settings (its deviceId and label); empty for the default camera. */
  cameraId: z.string().max(200),
  cameraLabel: z.string().max(200),
  /** The microphone chosen (its deviceId and label); empty for the default one. */
  microphoneId: z.string().max(200),
  microphoneLabel: z.string().max(200),
  /** The display "describe screen" captures (desktop app); empty for the primary one. */
  displayId: z.string().max(100)
});

export const SHIELD_MODES = ['on', 'ask', 'off'] as const;

const privacySchema = z.object({
  /**
   * Before a picture is sent, offline text reading finds card numbers, codes, e-mail addresses and
   * the like. on: black them out; ask: hold the picture and say what was found; off: do not look.
   */
  shield: z.enum(SHIELD_MODES),
  /** Apps and windows never sent at all, matched as whole words in the window's name. */
  denyList: z.array(z.string().trim().max(100)).max(200),
  /** Keep questions and answers (words only, never pictures or sound), encrypted on this computer. */
  history: z.boolean()
});

const budgetSchema = z.object({
  /** US dollars the cloud may cost per calendar month; 0 means no limit. */
  monthlyLimitUsd: z.number().min(0).max(10_000)
});

const conversationSchema = z.object({
  /** hands-free: Lumen hears when you stop talking; push-to-talk: hold the talk key while you speak. */
  mode: z.enum(['hands-free', 'push-to-talk']),
  /** How a hands-free turn ends: after a pause (vad), or when the thought sounds finished (semantic). */
  turnDetection: z.enum(['server_vad', 'semantic_vad']),
  /** Minutes without speech after which the conversation closes itself; 0 keeps it open. */
  idleMinutes: z.number().int().min(0).max(120),
  /** What you said and Lumen's replies, written in the conversation log as they are spoken. */
  captions: z.boolean()
});

const liveSchema = z.object({
  /** Camera frames looked at each second while live description runs (looked at here; few are sent). */
  framesPerSecond: z.number().int().min(1).max(4),
  /** A live session ends itself after this many minutes, or this many dollars; 0 means no such limit. */
  sessionMinutes: z.number().int().min(0).max(240),
  sessionUsd: z.number().min(0).max(100),
  /** Minutes with nothing changing after which live description stops itself; 0 keeps it on. */
  quietMinutes: z.number().int().min(0).max(120)
});

/** Tesseract language codes: three or more lower-case letters, some with a script ("chi_sim"). */
export const OCR_LANGUAGE_CODE = /^[a-z]{3,}(_[a-z]+)*$/;

/** How reading with the camera says where the page is: spoken cues, a tone rising as it is better framed, or both. */
export const FRAMING_CUES = ['words', 'sounds', 'both'] as const;
export type FramingCues = (typeof FRAMING_CUES)[number];

const readingSchema = z.object({
  /** The language screen text is read in; its data package must be installed ("eng" always is). */
  language: z.string().max(40).regex(OCR_LANGUAGE_CODE, 'A text-reading language is a code like "eng".'),
  framingCues: z.enum(FRAMING_CUES)
});

/** system follows the computer's light or dark setting; forced colours (Windows contrast themes) win over any. */
export const THEMES = ['system', 'light', 'dark', 'high-contrast', 'yellow-on-black'] as const;
export type Theme = (typeof THEMES)[number];

const appearanceSchema = z.object({
  /** Large print: every text's size, in percent of the usual size. */
  textSize: z.number().int().min(100).max(400),
  /** Line height, as a multiple of the text size. */
  lineSpacing: z.number().min(1.2).max(2.5),
  theme: z.enum(THEMES)
});
export type Appearance = z.infer<typeof appearanceSchema>;

/** The settings made of named fields; each is stored, patched and checked field by field. */
const SECTION_SCHEMAS = {
  speech: speechSchema,
  assistant: assistantSchema,
  capture: captureSchema,
  privacy: privacySchema,
  conversation: conversationSchema,
  reading: readingSchema,
  budget: budgetSchema,
  models: modelsSchema,
  appearance: appearanceSchema,
  live: liveSchema
};
type Section = keyof typeof SECTION_SCHEMAS;
const SECTIONS = Object.keys(SECTION_SCHEMAS) as Section[];

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  endpoint: endpointSchema,
  shortcuts: z.record(z.enum(SHORTCUT_ACTIONS), z.string().max(100)),
  ...SECTION_SCHEMAS
});
export type Settings = z.infer<typeof settingsSchema>;
export type SpeechSettings = Settings['speech'];

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  endpoint: '',
  shortcuts: { ...DEFAULT_SHORTCUTS },
  speech: {
    provider: 'auto',
    rate: 1,
    volume: 1,
    voice: '',
    openaiVoice: 'alloy',
    language: '',
    instructions: 'Speak clearly and calmly, at a steady pace, like a helpful friend describing things.',
    earcons: true
  },
  assistant: { detail: 'auto', verbosity: 'normal', language: '', thinkLonger: false },
  capture: { cameraId: '', cameraLabel: '', microphoneId: '', microphoneLabel: '', displayId: '' },
  privacy: { shield: 'on', denyList: [...DEFAULT_DENY_LIST], history: false },
  conversation: { mode: 'hands-free', turnDetection: 'server_vad', idleMinutes: 5, captions: true },
  reading: { language: 'eng', framingCues: 'words' },
  budget: { monthlyLimitUsd: 0 },
  models: { describe: '', quick: '', conversation: '', speech: '', captions: '' },
  appearance: { textSize: 100, lineSpacing: 1.5, theme: 'system' },
  live: { framesPerSecond: 2, sessionMinutes: 30, sessionUsd: 0.5, quietMinutes: 5 }
};

/** What the renderer may change in one call: any subset, validated field by field. */
const sectionPatches = Object.fromEntries(SECTIONS.map((s) => [s, SECTION_SCHEMAS[s].partial().strict()])) as {
  [S in Section]: ReturnType<(typeof SECTION_SCHEMAS)[S]['partial']>;
};
export const settingsPatchSchema = z
  .object({
    endpoint: endpointSchema,
    shortcuts: z.partialRecord(z.enum(SHORTCUT_ACTIONS), z.string().max(100)),
    ...sectionPatches
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const next: Record<string, unknown> = {
    ...current,
    ...(patch.endpoint !== undefined ? { endpoint: patch.endpoint } : {}),
    shortcuts: { ...current.shortcuts, ...patch.shortcuts }
  };
  for (const section of SECTIONS) next[section] = { ...current[section], ...patch[section] };
  return settingsSchema.parse(next);
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * migrations[n] turns a version-n document into version n+1. Version 0 is the unversioned
 * layout of early builds, which called the endpoint `baseUrl`.
 */
const migrations: Record<number, Migration> = {
  0: ({ baseUrl, ...rest }) => ({ ...rest, endpoint: rest.endpoint ?? baseUrl ?? '', version: 1 }),
  1: ({ assistant, ...rest }) => ({ ...rest, ...modelsFromVersion1(assistant), version: 2 }),
  // The spoken conversation's section was called `voice`, a word that also names the speaking voice.
  2: ({ voice, ...rest }) => ({ ...rest, ...(voice === undefined ? {} : { conversation: voice }), version: 3 })
};

/**
 * Version 1 named one model per kind of question, all gpt-4o by default. gpt-4o was only ever the
 * default (a stored copy cannot tell a choice from the default), so it becomes "Lumen chooses"; any
 * other name was the user's choice and is kept as the describe model.
 */
function modelsFromVersion1(assistant: unknown): Record<string, unknown> {
  if (!assistant || typeof assistant !== 'object') return { assistant };
  const { model, sceneModel, screenModel, ...rest } = assistant as Record<string, unknown>;
  const chosen = [screenModel, sceneModel, model].find((m) => typeof m === 'string' && m.trim() && m !== 'gpt-4o');
  return { assistant: rest, ...(chosen ? { models: { describe: chosen } } : {}) };
}

export interface LoadedSettings {
  settings: Settings;
  /** Fields that were unreadable and were reset to their defaults; the user is told. */
  reset: string[];
}

/**
 * Reads whatever was stored: migrates old versions, keeps every valid field and resets only the
 * invalid ones, so one bad value never throws away the user's other choices.
 */
export function loadSettings(stored: unknown): LoadedSettings {
  if (stored === undefined || stored === null) return { settings: structuredClone(DEFAULT_SETTINGS), reset: [] };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    return { settings: structuredClone(DEFAULT_SETTINGS), reset: ['all settings'] };
  }
  let doc = { ...(stored as Record<string, unknown>) };
  let version = typeof doc.version === 'number' ? doc.version : 0;
  if (version > SETTINGS_VERSION) {
    return { settings: structuredClone(DEFAULT_SETTINGS), reset: ['all settings (saved by a newer Lumen)'] };
  }
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) break;
    doc = step(doc);
    version += 1;
  }
  const reset: string[] = [];
  const settings = structuredClone(DEFAULT_SETTINGS);
  const endpoint = endpointSchema.safeParse(doc.endpoint);
  if (endpoint.success) settings.endpoint = endpoint.data;
  else if (doc.endpoint !== undefined) reset.push('endpoint');
  if (doc.shortcuts && typeof doc.shortcuts === 'object') {
    for (const [action, accel] of Object.entries(doc.shortcuts as Record<string, unknown>)) {
      if (
        (SHORTCUT_ACTIONS as readonly string[]).includes(action) &&
        typeof accel === 'string' &&
        accel.length <= 100
      ) {
        settings.shortcuts[action as ShortcutAction] = accel;
      } else {
        reset.push(`shortcut ${action}`);
      }
    }
  }
  for (const section of SECTIONS) {
    const stored = doc[section];
    if (stored === undefined) continue;
    if (!stored || typeof stored !== 'object') {
      reset.push(section);
      continue;
    }
    const shape = settingsSchema.shape[section].shape as Record<string, z.ZodType>;
    const target = settings[section] as Record<string, unknown>;
    for (const [field, value] of Object.entries(stored as Record<string, unknown>)) {
      const parsed = shape[field]?.safeParse(value);
      if (parsed?.success) target[field] = parsed.data;
      else reset.push(`${section} ${field}`);
    }
  }
  return { settings, reset };
}
