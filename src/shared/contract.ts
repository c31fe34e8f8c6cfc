import { z } from 'zod';
import { ANSWER_MODES, evalCaseFileSchema } from './eval-case';
import type { ChannelName, EventChannel, InvokeChannel, RequestChannel } from './channels';
import { CHANNELS, REQUEST_CHANNELS } from './channels';
import { MODEL_ROLES, settingsPatchSchema, settingsSchema } from './settings';
import { SHORTCUT_ACTIONS } from './shortcuts';

/**
 * Every message between the renderer and a host. Four kinds:
 * - invoke: renderer asks, host answers once (request and reply are both validated);
 * - event: host tells the renderer something (payload validated before it is sent);
 * - stream: a binary pipe both ways (audio, images), opened by name;
 * - request: core asks the page and waits for one reply (both validated), with a time limit and
 *   cancellation. It travels as the page.request and page.cancel events and the page.reply invoke,
 *   so every host carries it without knowing of it.
 */
const invoke = <Req extends z.ZodType, Rep extends z.ZodType>(request: Req, reply: Rep) =>
  ({ kind: 'invoke', request, reply }) as const;
const event = <P extends z.ZodType>(payload: P) => ({ kind: 'event', payload }) as const;
const stream = (description: string) => ({ kind: 'stream', description }) as const;
const request = <P extends z.ZodType, Rep extends z.ZodType>(payload: P, reply: Rep) =>
  ({ kind: 'request', payload, reply }) as const;

const empty = z.object({}).strict();

export const hostKindSchema = z.enum(['electron', 'web', 'cli']);

/**
 * The key as the endpoint in use sees it. A key typed into Lumen is bound to the endpoint (scheme,
 * host and port) it was entered for; OPENAI_API_KEY goes only to api.openai.com and to the address
 * OPENAI_BASE_URL names. A key is never sent anywhere else.
 */
export const keyStatusSchema = z.object({
  /** A key is sent to the endpoint in use. */
  keySet: z.boolean(),
  /** Where that key comes from: typed into Lumen, or the OPENAI_API_KEY variable; none when no key is sent. */
  source: z.enum(['lumen', 'environment', 'none']),
  /** How a key typed into Lumen is kept. `memory` means it is forgotten when Lumen closes. */
  storage: z.enum(['encrypted', 'file', 'memory']),
  /** The endpoint in use, as it is said aloud ("api.openai.com", "127.0.0.1 port 8080"). */
  endpoint: z.string(),
  /** The endpoint the key saved in Lumen was entered for, said the same way; absent when none is saved. */
  boundTo: z.string().optional(),
  /** False when Lumen holds a key it does not send to the endpoint in use (`withheld` says which and why). */
  forEndpoint: z.boolean(),
  /** When `forEndpoint` is false: a sentence to show and say, e.g. "The saved key was entered for …". */
  withheld: z.string().optional()
});
export type KeyStatus = z.infer<typeof keyStatusSchema>;

export const shortcutReportSchema = z.object({
  supported: z.boolean(),
  entries: z.array(
    z.object({
      action: z.enum(SHORTCUT_ACTIONS),
      accelerator: z.string(),
      registered: z.boolean(),
      problem: z.string().optional()
    })
  )
});
export type ShortcutReport = z.infer<typeof shortcutReportSchema>;

export const connectionReportSchema = z.object({
  ok: z.boolean(),
  endpoint: z.string(),
  modelCount: z.number().int().nonnegative().optional(),
  message: z.string()
});
export type ConnectionReport = z.infer<typeof connectionReportSchema>;

export const statusSchema = z.object({
  level: z.enum(['info', 'error']),
  text: z.string().min(1).max(2000),
  /** Already said by Lumen's speech: the window shows it but does not announce it again. */
  spoken: z.boolean().optional()
});
export type StatusMessage = z.infer<typeof statusSchema>;

export const speechStateSchema = z.object({
  speaking: z.boolean(),
  paused: z.boolean(),
  provider: z.enum(['openai', 'system', 'screen-reader', 'offline']).nullable(),
  queued: z.number().int().nonnegative()
});
export type SpeechState = z.infer<typeof speechStateSchema>;

export const SPEECH_ACTIONS = ['stop', 'pause', 'resume', 'skip', 'repeat', 'spell', 'slowly'] as const;
export type SpeechAction = (typeof SPEECH_ACTIONS)[number];

export const textUtteranceSchema = z.object({
  id: z.string(),
  text: z.string(),
  provider: z.enum(['system', 'screen-reader']),
  urgent: z.boolean(),
  rate: z.number(),
  volume: z.number(),
  voice: z.string(),
  language: z.string(),
  /** An answer (or text read aloud), or one of Lumen's own messages. */
  kind: z.enum(['answer', 'message'])
});
export type TextUtterance = z.infer<typeof textUtteranceSchema>;

export const TEXT_OUTCOMES = ['spoken', 'no-voice', 'failed', 'cancelled'] as const;
export type TextOutcome = (typeof TEXT_OUTCOMES)[number];

export const EARCONS = ['listening', 'working', 'done', 'error'] as const;
export type Earcon = (typeof EARCONS)[number];

export const CAPTURE_SOURCES = ['camera', 'screen', 'window', 'region', 'file'] as const;
export type CaptureSource = (typeof CAPTURE_SOURCES)[number];
/** What an exchange in the history was about: a picture, a typed question, or the spoken conversation. */
export const HISTORY_SOURCES = [...CAPTURE_SOURCES, 'question', 'conversation'] as const;
/** One exchange kept in the optional history (words only). */
export const historyEntrySchema = z.object({
  at: z.string(),
  source: z.enum(HISTORY_SOURCES),
  question: z.string(),
  answer: z.string()
});

/** What an answer was about: a picture, by how it was taken, or a typed question. */
export const ANSWER_SOURCES = [...CAPTURE_SOURCES, 'question'] as const;

/** Feedback on one answer, as Settings lists it; a kept picture goes only into the export. */
export const feedbackEntrySchema = z.object({
  id: z.string(),
  /** When the feedback was given (ISO time). */
  at: z.string(),
  question: z.string(),
  answer: z.string(),
  model: z.string(),
  mode: z.enum(ANSWER_MODES),
  source: z.enum(ANSWER_SOURCES),
  right: z.boolean(),
  note: z.string(),
  hasPicture: z.boolean()
});
export type FeedbackEntry = z.infer<typeof feedbackEntrySchema>;

/** What a read picture is: "where is it?" says "of the screen", "of the window" or "of the image". */
export const READ_SOURCES = ['screen', 'window', 'region', 'file'] as const;
export type ReadSource = (typeof READ_SOURCES)[number];

/** Moving through the text read last (read.navigate). */
export const READ_ACTIONS = [
  'next-line',
  'previous-line',
  'next-paragraph',
  'previous-paragraph',
  'next-word',
  'previous-word',
  'repeat',
  'spell-word',
  'where'
] as const;
export type ReadAction = (typeof READ_ACTIONS)[number];

const fraction = z.number().min(0).max(1);
/** A part of the screen, as fractions of its width and height. */
export const regionSchema = z
  .object({ x: fraction, y: fraction, width: fraction.positive(), height: fraction.positive() })
  .strict()
  .refine((r) => r.x + r.width <= 1.000001 && r.y + r.height <= 1.000001, 'The region must lie inside the screen.');
export type ScreenRegion = z.infer<typeof regionSchema>;

/** Images cross as bytes (Electron IPC clones them; the web host's socket base64-encodes them). */
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected bytes.');
const imageBytes = bytes
  .refine((b) => b.byteLength > 0, 'The image is empty.')
  .refine((b) => b.byteLength <= 64 * 1024 * 1024, 'The image is larger than 64 MB.');

/** An answer Lumen still holds (the last 20, until "forget everything"). */
const answerIdSchema = z.object({ id: z.string().min(1).max(64) }).strict();

export const CONVERSATION_STATES = [
  'connecting',
  'listening',
  'thinking',
  'speaking',
  'idle',
  'reconnecting',
  'closed'
] as const;
export const conversationStatusSchema = z.object({
  state: z.enum(CONVERSATION_STATES),
  mode: z.enum(['hands-free', 'push-to-talk']),
  muted: z.boolean()
});
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export type ConversationState = ConversationStatus['state'];
/** Hands-free: the service hears when a turn ends. Push-to-talk: the user holds a key for each turn. */
export type InputMode = ConversationStatus['mode'];

/** Live description: whether it runs, what it looked at and sent, and what that cost this session. */
export const liveStatusSchema = z.object({
  running: z.boolean(),
  frames: z.number().int().nonnegative(),
  pictures: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  costPerMinute: z.number().nonnegative()
});
export type LiveStatus = z.infer<typeof liveStatusSchema>;

/** What reading with the camera tells the user to do next, one short spoken cue. */
export const GUIDE_CUES = [
  'no-page',
  'move-left',
  'move-right',
  'move-up',
  'move-down',
  'farther',
  'closer',
  'hold-still',
  'too-dark',
  'glare'
] as const;
export type GuideCue = (typeof GUIDE_CUES)[number];
/** Each cue as it is said (and shown). */
export const GUIDE_CUE_WORDS: Record<GuideCue, string> = {
  'no-page': 'No page found.',
  'move-left': 'Move the page left.',
  'move-right': 'Move the page right.',
  'move-up': 'Move the page up.',
  'move-down': 'Move the page down.',
  farther: 'Move it farther away.',
  closer: 'Bring it closer.',
  'hold-still': 'Hold still.',
  'too-dark': 'It is too dark to see the page; turn on a light.',
  glare: 'There is glare on the page; tilt it a little.'
};

/**
 * Reading with the camera: off, guiding the page into view (with the cue given last and how well the
 * page is framed: 0 no page … 1 all four edges in view and still), or reading it.
 */
export const documentStatusSchema = z.object({
  state: z.enum(['off', 'guiding', 'reading']),
  cue: z.enum(GUIDE_CUES).optional(),
  score: z.number().min(0).max(1).optional(),
  /** Off because it was stopped (by the user, or the screen locking), not because the page was read. */
  stopped: z.boolean().optional()
});
export type DocumentStatus = z.infer<typeof documentStatusSchema>;
/** The reading panel's button that sends a page read poorly offline to the cloud (document.cloud), and what it is called when offered. */
export const ASK_CLOUD_TO_READ = 'Ask the cloud to read it';

/** One watched screen region or window: what it has looked at, how often it changed, what describing cost. */
export const watchStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  area: z.enum(['region', 'window']),
  describeChanges: z.boolean(),
  frames: z.number().int().nonnegative(),
  changes: z.number().int().nonnegative(),
  pictures: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative()
});
export type WatchStatus = z.infer<typeof watchStatusSchema>;
export const watchListSchema = z.object({ watches: z.array(watchStatusSchema) });
const watchIdSchema = z.string().min(1).max(64);
/** The name the system gives a captured window or screen, for the deny list. */
const windowNameSchema = z.string().max(1000);

export const conversationCaptionSchema = z.object({
  role: z.enum(['user', 'assistant']),
  itemId: z.string(),
  /** What is new in this event ('' for a final caption that adds nothing). */
  delta: z.string(),
  /** The caption so far (final: the whole of it). */
  text: z.string(),
  final: z.boolean(),
  /** The reply was cut short by the user; `text` is what was shown up to then. */
  interrupted: z.boolean().optional()
});
export type ConversationCaption = z.infer<typeof conversationCaptionSchema>;

/** One job Lumen uses a cloud model for, as Settings shows it. */
export const modelRoleStatusSchema = z.object({
  role: z.enum(MODEL_ROLES),
  /** The model Lumen uses for it now. */
  inUse: z.string(),
  /** The user's choice; empty when Lumen chooses. */
  chosen: z.string(),
  /** What Lumen would choose itself ("Lumen chooses"); null when nothing is available. */
  automatic: z.string().nullable(),
  /** When the model in use shuts down (YYYY-MM-DD), if announced. */
  shutdownDate: z.string().nullable(),
  /** What Lumen would use instead once it does. */
  successor: z.string().nullable(),
  /** A shutdown 30 days away or less, said once a day, with "switch now" offered. */
  notice: z.string().nullable(),
  /** What the service offers for this job, best first; `note` says e.g. the cost per minute. */
  choices: z.array(z.object({ id: z.string(), shutdownDate: z.string().nullable(), note: z.string() }))
});
export const modelsStatusSchema = z.object({
  roles: z.array(modelRoleStatusSchema),
  catalogue: z.object({
    /** Where the list of models came from: the service just now, a saved copy, or Lumen's own list. */
    source: z.enum(['service', 'saved', 'built-in']),
    /** When the service was last asked (ISO time), if ever. */
    checkedAt: z.string().nullable(),
    /** The endpoint lists no OpenAI models (a local or compatible server): the user's choices stand. */
    compatible: z.boolean()
  })
});
export type ModelsStatus = z.infer<typeof modelsStatusSchema>;

/** Why a picture was held back: the capture guard's findings, private text found, or a denied window. */
export const guardVerdictSchema = z.object({
  reason: z.enum(['black', 'dark', 'uniform', 'blurry', 'private', 'denied']),
  message: z.string()
});

/** The first-run setup's steps, in order. */
export const SETUP_STEPS = ['key', 'voice', 'microphone', 'camera', 'hotkeys', 'spending'] as const;
export type SetupStep = (typeof SETUP_STEPS)[number];
export const setupStatusSchema = z.object({
  /** Finished or left: the home screen opens. */
  done: z.boolean(),
  /** Where setup (re)opens. */
  step: z.enum(SETUP_STEPS),
  /** Steps finished rather than skipped, in order. */
  completed: z.array(z.enum(SETUP_STEPS))
});
export type SetupStatus = z.infer<typeof setupStatusSchema>;

/**
 * The desktop app's updates (src/core/update): off where there is no release feed (development, the
 * web host, the command line); available (found, not yet downloaded: the page downloads it unless
 * the connection is metered, then it asks); downloading; ready (restart to install); failed.
 */
export const updateStateSchema = z.object({
  state: z.enum(['off', 'idle', 'available', 'downloading', 'ready', 'failed']),
  version: z.string().max(100).optional(),
  /** The download's size in bytes, when the feed says. */
  bytes: z.number().int().nonnegative().optional(),
  percent: z.number().min(0).max(100).optional()
});
export type UpdateState = z.infer<typeof updateStateSchema>;

export const contract = {
  'app.info': invoke(
    empty,
    z.object({
      name: z.string(),
      version: z.string(),
      host: hostKindSchema,
      platform: z.string(),
      /** What the host does itself; the page does the rest its own way (getDisplayMedia, its own keys). */
      capabilities: z.object({ screenCapture: z.boolean(), globalHotkeys: z.boolean() })
    })
  ),
  /** A no-op round trip; the bench and the connection indicator measure the pipe with it. */
  'app.ping': invoke(z.object({ nonce: z.string().max(64) }).strict(), z.object({ nonce: z.string() })),
  'settings.get': invoke(empty, settingsSchema),
  'settings.update': invoke(settingsPatchSchema, settingsSchema),
  'secrets.status': invoke(empty, keyStatusSchema),
  'secrets.setKey': invoke(
    z
      .object({
        key: z
          .string()
          .trim()
          .min(1, 'The key is empty.')
          .max(512, 'That is too long to be an API key.')
          .regex(/^\S+$/, 'An API key has no spaces in it.')
      })
      .strict(),
    keyStatusSchema
  ),
  'secrets.clearKey': invoke(empty, keyStatusSchema),
  'connection.check': invoke(empty, connectionReportSchema),
  'shortcuts.status': invoke(empty, shortcutReportSchema),
  /** Starts a streamed, spoken answer; its text arrives as answer.delta / answer.done events. */
  'assistant.ask': invoke(
    z
      .object({ question: z.string().trim().min(1, 'The question is empty.').max(4000, 'The question is too long.') })
      .strict(),
    z.object({ id: z.string() })
  ),
  'assistant.stop': invoke(empty, z.object({ stopped: z.boolean() })),
  /**
   * Describes a captured image (with an optional question). A capture that looks black, dark,
   * uniform or blurred, or (privacy shield on "ask") shows private text, is not sent unless
   * `insist`; a deny-listed window never is. The reply then carries the verdict.
   */
  'describe.start': invoke(
    z
      .object({
        source: z.enum(CAPTURE_SOURCES),
        image: imageBytes,
        /** The captured screen's or window's name, checked against the deny list. */
        windowName: z.string().max(1000).optional(),
        question: z.string().trim().max(4000).optional(),
        insist: z.boolean().optional()
      })
      .strict(),
    z.object({ id: z.string().nullable(), guard: guardVerdictSchema.optional() })
  ),
  /**
   * Screen or window captured by the host itself (Electron) at the size it will be sent, then
   * described: the picture never travels through the page. UNSUPPORTED where the page captures.
   */
  'describe.capture': invoke(
    z
      .object({
        target: z.enum(['screen', 'window']),
        question: z.string().trim().max(4000).optional(),
        insist: z.boolean().optional()
      })
      .strict(),
    z.object({ id: z.string().nullable(), guard: guardVerdictSchema.optional() })
  ),
  /** The displays the host can capture (desktop app); `supported` is false where the page captures. */
  'screen.displays': invoke(
    empty,
    z.object({
      supported: z.boolean(),
      displays: z.array(
        z.object({ id: z.string(), name: z.string(), primary: z.boolean(), width: z.number(), height: z.number() })
      )
    })
  ),
  /**
   * Reads the text in a picture aloud, offline, in reading order, and keeps it for read.navigate.
   * `source` says what the picture is ("where is it?" names it); a region read also gives where the
   * region lies on the screen, so positions are said on the whole screen.
   */
  'read.image': invoke(
    z
      .object({ image: imageBytes, source: z.enum(READ_SOURCES).optional(), region: regionSchema.optional() })
      .strict()
      .refine((r) => r.region === undefined || r.source === 'region', {
        message: 'Only a region read has a region.',
        path: ['region']
      }),
    z.object({ lines: z.number().int().nonnegative() })
  ),
  /** The same for a screen or window the host captures itself; UNSUPPORTED where the page captures. */
  'read.capture': invoke(
    z.object({ target: z.enum(['screen', 'window']) }).strict(),
    z.object({ lines: z.number().int().nonnegative() })
  ),
  /**
   * Moves through the text read last (line, paragraph, word), repeats, spells the current word or
   * says where it is on the screen; says the answer, interrupting whatever was being said, and
   * returns it with the current line (1-based) and the line count. UNAVAILABLE before any read.
   */
  'read.navigate': invoke(
    z.object({ action: z.enum(READ_ACTIONS) }).strict(),
    z.object({
      text: z.string(),
      line: z.number().int().nonnegative(),
      lines: z.number().int().nonnegative()
    })
  ),
  /** The text-reading languages whose data packages are installed, English first, and the chosen one. */
  'read.languages': invoke(
    empty,
    z.object({ installed: z.array(z.object({ code: z.string(), name: z.string() })), chosen: z.string() })
  ),
  /**
   * Tokens used since Lumen started (chat requests, and the conversation by modality), and what the
   * cloud has cost this calendar month against the monthly limit (0: none).
   */
  'usage.get': invoke(
    empty,
    z.object({
      chat: z.object({ requests: z.number(), input: z.number(), output: z.number() }),
      realtime: z.object({
        responses: z.number(),
        input: z.object({ text: z.number(), audio: z.number(), image: z.number(), cached: z.number() }),
        output: z.object({ text: z.number(), audio: z.number() })
      }),
      month: z.object({
        month: z.string(),
        spentUsd: z.number(),
        limitUsd: z.number(),
        /** Part of spentUsd counted at an estimated price (a model whose price Lumen does not know). */
        estimatedUsd: z.number()
      }),
      /** The OpenAI voice's sentences compared with what it said; repeated: said again offline. */
      readBack: z.object({ sentences: z.number(), differed: z.number(), repeated: z.number() })
    })
  ),
  /** Per job: the model in use, its shutdown date, and what the service offers. */
  'models.status': invoke(empty, modelsStatusSchema),
  /** "Switch now": the job's model becomes the successor of the one shutting down. */
  'models.switch': invoke(z.object({ role: z.enum(MODEL_ROLES) }).strict(), modelsStatusSchema),
  /** The optional history, newest first (empty while it is off). */
  'history.list': invoke(
    empty,
    z.object({
      enabled: z.boolean(),
      entries: z.array(historyEntrySchema)
    })
  ),
  /**
   * Forgets everything Lumen remembers about what was asked and seen: the history and its key, the
   * feedback, the pictures and answers kept, the spoken conversation (which ends) and the text read last.
   */
  'history.forget': invoke(empty, z.object({ forgotten: z.literal(true) })),
  /** Starts the spoken conversation (connecting if needed); its state then arrives as conversation.state. */
  'conversation.start': invoke(empty, conversationStatusSchema),
  'conversation.stop': invoke(empty, conversationStatusSchema),
  /** Push-to-talk: pressed clears what was heard and listens; released sends the turn. */
  'conversation.talk': invoke(z.object({ pressed: z.boolean() }).strict(), conversationStatusSchema),
  'conversation.mute': invoke(z.object({ muted: z.boolean() }).strict(), conversationStatusSchema),
  /** A typed message in the spoken conversation. */
  'conversation.say': invoke(
    z
      .object({ text: z.string().trim().min(1, 'The message is empty.').max(4000, 'The message is too long.') })
      .strict(),
    empty
  ),
  /**
   * Shows Lumen a picture in the conversation (it passes the deny list and the privacy shield first),
   * then Lumen answers. Without `image`, the host captures the screen or window itself where it can.
   */
  'conversation.show': invoke(
    z
      .object({
        source: z.enum(['camera', 'screen', 'window', 'region']),
        image: imageBytes.optional(),
        windowName: z.string().max(1000).optional()
      })
      .strict(),
    z.object({ shown: z.boolean() })
  ),
  /** More detail about the last image(s), without capturing again. */
  'describe.more': invoke(empty, z.object({ id: z.string() })),
  /**
   * "Ask again": the same picture and question as that answer, sent again as a new answer; the
   * earlier one is kept, to compare. UNAVAILABLE when Lumen no longer holds that answer.
   */
  'describe.again': invoke(answerIdSchema, z.object({ id: z.string() })),
  /** The picture an answer was about, exactly as it was sent (private areas blacked out). */
  'answer.picture': invoke(answerIdSchema, z.object({ image: bytes })),
  /**
   * "Was this right?" on an answer, kept on this computer; given again for the same answer, it
   * replaces what was given before. The picture is kept only when `includePicture`.
   */
  'feedback.give': invoke(
    z
      .object({
        id: answerIdSchema.shape.id,
        right: z.boolean(),
        note: z.string().trim().max(2000, 'The note is too long: 2000 characters at most.').optional(),
        includePicture: z.boolean().optional()
      })
      .strict(),
    feedbackEntrySchema
  ),
  /** The feedback kept, newest first. */
  'feedback.list': invoke(empty, z.object({ entries: z.array(feedbackEntrySchema) })),
  /** All the feedback kept, as evaluation cases (src/shared/eval-case.ts), to save as one JSON file. */
  'feedback.export': invoke(empty, evalCaseFileSchema),
  /** Deletes one piece of feedback, or all of it. */
  'feedback.delete': invoke(
    z.union([z.object({ id: z.string().min(1).max(200) }).strict(), z.object({ all: z.literal(true) }).strict()]),
    z.object({ deleted: z.number().int().nonnegative() })
  ),
  /** A screenshot taken by the host (Electron's desktopCapturer); UNSUPPORTED where the page must capture. */
  'screen.capture': invoke(
    z
      .object({
        target: z.enum(['screen', 'window']),
        /** The same screen or window as an earlier capture, which gave this id. */
        sourceId: z.string().min(1).max(200).optional()
      })
      .strict(),
    z.object({ image: bytes, width: z.number(), height: z.number(), name: z.string(), sourceId: z.string().optional() })
  ),
  'speech.speak': invoke(
    z
      .object({
        text: z.string().max(1_000_000, 'That is too much text to speak at once.'),
        urgent: z.boolean().optional(),
        /** Says it with this voice whatever Settings choose (setup's "Try it"). */
        provider: z.enum(['openai', 'system', 'screen-reader', 'offline']).optional()
      })
      .strict(),
    z.object({ id: z.string().nullable() })
  ),
  'speech.control': invoke(z.object({ action: z.enum(SPEECH_ACTIONS) }).strict(), speechStateSchema),
  /** The page's reply to a core request (its value is checked against that request's reply schema). */
  'page.reply': invoke(
    z.object({ id: z.string().max(64), reply: z.unknown().optional(), error: z.string().max(500).optional() }).strict(),
    z.object({ known: z.boolean() })
  ),
  /** The first-run setup: where it is, kept between runs. */
  'setup.get': invoke(empty, setupStatusSchema),
  'setup.update': invoke(
    z
      .object({
        step: z.enum(SETUP_STEPS).optional(),
        completed: z.array(z.enum(SETUP_STEPS)).max(SETUP_STEPS.length).optional(),
        done: z.boolean().optional()
      })
      .strict(),
    setupStatusSchema
  ),
  /** "Run setup again": back to the first step, nothing completed. */
  'setup.restart': invoke(empty, setupStatusSchema),
  /** A look through the capture guard, without describing: can the camera see anything? */
  'capture.check': invoke(
    z.object({ image: imageBytes }).strict(),
    z.object({
      ok: z.boolean(),
      reason: z.enum(['black', 'dark', 'uniform', 'blurry']).optional(),
      message: z.string()
    })
  ),
  /** Live description of the camera: starts (the camera-in-use state is said), stops (with what it sent and cost). */
  'live.start': invoke(empty, liveStatusSchema),
  'live.stop': invoke(empty, liveStatusSchema),
  /**
   * One camera frame for live description. Looked at locally; sent only when the scene changed and
   * settled. Says what became of it: first, same, settling, changed, unusable, busy (a picture is on its
   * way) or paused (the service failed a moment ago).
   */
  'live.frame': invoke(
    z.object({ image: imageBytes }).strict(),
    z.object({ result: z.enum(['first', 'same', 'settling', 'changed', 'unusable', 'busy', 'paused']) })
  ),
  /** Reading a page with the camera: spoken cues guide the page into view, then it is taken and read aloud. */
  'document.start': invoke(empty, documentStatusSchema),
  'document.stop': invoke(empty, documentStatusSchema),
  /**
   * One camera frame while reading with the camera: says the cue it gave (not every cue is spoken), that
   * the page was taken to be read, or busy (a frame before it is still being looked at, or the page read).
   */
  'document.frame': invoke(
    z.object({ image: imageBytes }).strict(),
    z.object({ result: z.enum([...GUIDE_CUES, 'taken', 'busy']) })
  ),
  /**
   * Sends the page read last with the camera to the cloud to be read (offered when many of its words
   * were unclear, never sent without this): the text returned is said and goes into the text reader.
   * `read` is false when the cloud did not read it (why was said; the offline reading is kept).
   * UNAVAILABLE before a page was read.
   */
  'document.cloud': invoke(empty, z.object({ read: z.boolean(), lines: z.number().int().nonnegative() })),
  /**
   * Watches a screen region or a window: frames are compared here, the new text of a change is read
   * offline and said, and with describeChanges the changed picture is described in one sentence. A
   * window on the deny list is refused. The name defaults to the window's or "Region 1".
   */
  'watch.start': invoke(
    z
      .object({
        name: z.string().trim().max(60).optional(),
        area: z.enum(['region', 'window']),
        windowName: windowNameSchema.optional(),
        describeChanges: z.boolean()
      })
      .strict(),
    watchStatusSchema
  ),
  'watch.stop': invoke(z.object({ id: watchIdSchema }).strict(), watchListSchema),
  'watch.list': invoke(empty, watchListSchema),
  /**
   * One frame of a watched area. Says what became of it (first, same, settling, changed, or busy while
   * an earlier change is read) and what it made Lumen say.
   */
  'watch.frame': invoke(
    z.object({ id: watchIdSchema, image: imageBytes, windowName: windowNameSchema.optional() }).strict(),
    z.object({ result: z.enum(['first', 'same', 'settling', 'changed', 'busy']), remarks: z.array(z.string()) })
  ),
  'update.status': invoke(empty, updateStateSchema),
  /** Downloads the update found; the page asks first on a metered connection. */
  'update.download': invoke(empty, updateStateSchema),
  /** Quits Lumen and installs the update downloaded. */
  'update.install': invoke(empty, z.object({})),

  status: event(statusSchema),
  'settings.changed': event(settingsSchema),
  'shortcut.triggered': event(z.object({ action: z.enum(SHORTCUT_ACTIONS) })),
  /** An answer begins: what was asked, and whether a picture went with it. */
  'answer.started': event(
    z.object({
      id: z.string(),
      question: z.string(),
      mode: z.enum(ANSWER_MODES),
      source: z.enum(ANSWER_SOURCES),
      picture: z.boolean(),
      /** "Ask again": the earlier answer this one repeats the question of. */
      again: z.string().optional()
    })
  ),
  'answer.delta': event(z.object({ id: z.string(), text: z.string() })),
  'answer.done': event(
    z.object({ id: z.string(), text: z.string(), outcome: z.enum(['complete', 'stopped', 'failed']) })
  ),
  /** Feedback was given, deleted or forgotten: how many pieces are kept now. */
  'feedback.changed': event(z.object({ kept: z.number().int().nonnegative() })),
  /** Core asks the page (see the request kind above). */
  'page.request': event(
    z.object({
      id: z.string(),
      channel: z.enum(REQUEST_CHANNELS as [RequestChannel, ...RequestChannel[]]),
      payload: z.unknown()
    })
  ),
  /** Core no longer wants the reply to this request. */
  'page.cancel': event(z.object({ id: z.string() })),
  'speech.textControl': event(z.object({ action: z.enum(['stop', 'pause', 'resume', 'skip']) })),
  'speech.state': event(speechStateSchema),
  earcon: event(z.object({ sound: z.enum(EARCONS), action: z.enum(['play', 'loop', 'stop']) })),
  'conversation.state': event(conversationStatusSchema),
  /** What the user said (from transcription) and Lumen's reply, as they are spoken. */
  'conversation.caption': event(conversationCaptionSchema),
  /** The models in use or the service's list changed (a new catalogue, a retirement, a switch). */
  'models.changed': event(modelsStatusSchema),
  'live.state': event(liveStatusSchema),
  /** The text reader holds a new text (a screen, a page from the camera, the cloud's reading), at its first line. */
  'read.kept': event(z.object({ lines: z.number().int().nonnegative() })),
  'document.state': event(documentStatusSchema),
  /** Whether asking the cloud to read the page is offered (the page read last had many unclear words). */
  'document.offer': event(z.object({ cloud: z.boolean() })),
  /** The watches running, after one started, stopped or changed its counts. */
  'watch.state': event(watchListSchema),
  'update.state': event(updateStateSchema),

  'diag.echo': stream('Sends every binary chunk straight back; measures the binary pipe.'),
  'speech.audio': stream('Speech for the player (PCM16 24 kHz, see audio-frames.ts); played-sample reports back.'),
  'conversation.mic': stream('The microphone for the conversation: PCM16 mono 24 kHz chunks from the page.'),

  /** A text utterance for the system voice or the screen reader; the page says how it went. */
  'speech.utterance': request(textUtteranceSchema, z.object({ outcome: z.enum(TEXT_OUTCOMES) })),
  /** The model asked to look: the page takes the picture (camera, or the screen where only it can). */
  'conversation.look': request(
    z.object({ source: z.enum(['camera', 'screen', 'window']) }),
    z.object({ image: imageBytes, windowName: z.string().max(1000).optional() })
  )
} as const satisfies { [K in ChannelName]: { kind: (typeof CHANNELS)[K] } };

export type Contract = typeof contract;
export type { ChannelName, EventChannel, InvokeChannel, RequestChannel, StreamChannel } from './channels';
export {
  EVENT_CHANNELS,
  INVOKE_CHANNELS,
  IPC_STREAM_OPEN,
  ipcName,
  isEventChannel,
  isInvokeChannel,
  isStreamChannel,
  REQUEST_CHANNELS,
  STREAM_CHANNELS
} from './channels';

type InvokeDef<K extends InvokeChannel> = Contract[K] & { kind: 'invoke' };
export type RequestOf<K extends InvokeChannel> = z.input<InvokeDef<K>['request']>;
export type ParsedRequestOf<K extends InvokeChannel> = z.output<InvokeDef<K>['request']>;
export type ReplyOf<K extends InvokeChannel> = z.output<InvokeDef<K>['reply']>;
export type EventPayload<K extends EventChannel> = z.output<(Contract[K] & { kind: 'event' })['payload']>;
type RequestDef<K extends RequestChannel> = Contract[K] & { kind: 'request' };
/** What core asks the page on request channel K, and what the page replies. */
export type PageRequestOf<K extends RequestChannel> = z.output<RequestDef<K>['payload']>;
export type PageReplyOf<K extends RequestChannel> = z.input<RequestDef<K>['reply']>;
