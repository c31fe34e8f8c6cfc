import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { CaptureSource, Earcon, StatusMessage } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import { LumenError } from '../../shared/errors';
import { jpegDataUrl, type Detail } from '../imaging/prepare';
import type { ShieldedImage } from '../privacy';
import { preparePicture, type HoldReason, type PictureInput } from '../vision/picture';
import type { SpeechService } from '../speech/speech-service';
import { AsyncQueue } from '../util/async-queue';
import { buildMessages, currentMode, type Turn } from '../vision/conversation';
import { DESCRIBE_REQUEST, MORE_REQUEST, questionInFocus, systemPrompt, type Mode } from '../vision/prompts';
import type { Emit } from '../core-events';
import type { ModelService } from '../models/model-service';
import { AnswerRecords, sentPicture, type AnswerRecord } from './answer-records';
import { spokenError } from './errors';
import { answerWithModels, ModelGoneError } from './model-answer';

export interface AssistantDeps {
  endpoint: () => string;
  /** The key for the endpoint about to be called, or undefined when none may go there. */
  key: (endpoint: string) => Promise<string | undefined>;
  /** Why no key goes to that endpoint although Lumen holds one (said instead of NO_KEY), or undefined. */
  whyNoKey?: (endpoint: string) => Promise<string | undefined>;
  settings: () => Settings['assistant'];
  /** Which model answers, made to fit it, and what happens when the service retires it. */
  models: ModelService;
  privacy: () => Settings['privacy'];
  /** Finds private text in a JPEG by offline text reading and blacks it out. */
  shield: (jpeg: Buffer) => Promise<ShieldedImage>;
  speech: SpeechService;
  emit: Emit;
  announce: (message: StatusMessage) => void;
  earcon: (sound: Earcon, action: 'play' | 'loop' | 'stop') => void;
  fetchImpl?: typeof fetch;
  /** Tokens each answer used, and the model that used them. */
  usage?: (usage: CompletionUsage, model: string) => void;
  /** Why nothing may be sent now (the monthly limit is reached), or undefined. */
  refusal?: () => string | undefined;
  /** A finished answer, for the optional history. */
  remember?: (entry: Remembered) => void;
  /** Reads a picture's text aloud offline, after what is being said: the fallback for screens. */
  readOffline?: (image: Uint8Array) => Promise<unknown>;
  /** The windows on the screen now, for the deny list, where the host can tell. */
  visibleWindows?: () => Promise<string[]>;
}

export interface Remembered {
  source: CaptureSource | 'question';
  question: string;
  answer: string;
}

export const NO_KEY = 'No API key is set. Open Settings and enter your OpenAI API key.';

/** What the history says was asked, for a picture described without a question. */
function askedAbout(source: CaptureSource): string {
  switch (source) {
    case 'camera':
      return 'Describe what the camera sees.';
    case 'region':
      return 'Describe this part of the screen.';
    case 'file':
      return 'Describe this picture.';
    default:
      return `Describe the ${source}.`;
  }
}

export interface DescribeInput extends PictureInput {
  source: CaptureSource;
  question?: string;
  /** Scene or screen, where the source does not say (a picture from a file); the source decides otherwise. */
  mode?: Exclude<Mode, 'text'>;
  /** Overrides the detail setting for this picture (the command line's --detail). */
  detail?: Detail;
}

export interface DescribeOutcome {
  /** The answer's id; null when the picture was held back. */
  id: string | null;
  guard?: { reason: HoldReason; message: string };
  /** Settles when the answer has been given and said (or failed, and that was said). */
  done?: Promise<void>;
}

const modeOf = (source: CaptureSource): Exclude<Mode, 'text'> => (source === 'camera' ? 'scene' : 'screen');

/**
 * One conversation with the model: typed questions, pictures from the camera or the screen, and
 * follow-ups about the same pictures. Answers stream to the screen as they arrive and to speech,
 * which starts at the end of the first sentence.
 */
export class Assistant {
  private turns: Turn[] = [];
  private current: AbortController | undefined;
  private nextId = 1;
  private readonly records = new AnswerRecords();

  constructor(private readonly deps: AssistantDeps) {}

  /** A typed question; about the last pictures if there are any. */
  ask(question: string): { id: string; done: Promise<void> } {
    return this.start(
      { mode: currentMode(this.turns), text: question, images: [], answer: '' },
      { source: 'question', question, ownQuestion: true }
    );
  }

  /** More detail about the last pictures. */
  more(): { id: string; done: Promise<void> } {
    if (!this.turns.some((t) => t.images.length)) {
      throw new LumenError('UNAVAILABLE', 'There is no picture to tell you more about yet. Describe something first.');
    }
    return this.start(
      { mode: currentMode(this.turns), text: MORE_REQUEST, images: [], answer: '' },
      { source: 'question', question: 'Tell me more.', ownQuestion: true }
    );
  }

  /**
   * "Ask again": the same question, with the same picture and the same turns before it, as answer
   * `id`, sent again as a new answer. The picture was shielded when it was first sent; the key and
   * the monthly limit are checked again, as for any answer.
   */
  again(id: string): { id: string; done: Promise<void> } {
    const earlier = this.records.get(id);
    const { source, question, ownQuestion } = earlier;
    return this.start(
      earlier.turn,
      { source, question, ownQuestion },
      { preface: earlier.preface, context: earlier.context, again: id }
    );
  }

  /** The answer `id` as it was asked and given; UNAVAILABLE once Lumen no longer holds it. */
  answer(id: string): AnswerRecord {
    return this.records.get(id);
  }

  /** The picture sent with answer `id`, after the privacy shield. */
  picture(id: string): Buffer {
    return this.records.picture(id);
  }

  /**
   * Checks, prepares and shields a captured picture, then describes it. Returns why instead when
   * the picture is held back: a deny-listed window (always), or, unless the user insists, a capture
   * that looks unusable or private text the user wants to be asked about.
   */
  async describe(input: DescribeInput): Promise<DescribeOutcome> {
    // Checked first: a picture that cannot be sent need not be shielded.
    const refusal = await this.refusal();
    if (refusal) {
      return { id: null, done: this.readInstead(input.source === 'camera' ? undefined : input.image, refusal) };
    }
    const showsScreen = input.source === 'screen' || input.source === 'region';
    const picture = await preparePicture(
      { ...input, showsScreen },
      {
        privacy: this.deps.privacy(),
        detail: input.detail ?? this.deps.settings().detail,
        shield: this.deps.shield,
        guard: true,
        visibleWindows: this.deps.visibleWindows
      }
    );
    if (!picture.sent) return this.hold(picture.reason, picture.message);
    const mode = input.mode ?? modeOf(input.source);
    const text = input.question ? questionInFocus(input.question) : DESCRIBE_REQUEST[mode];
    const image = {
      dataUrl: jpegDataUrl(picture.jpeg),
      detail: picture.detail,
      tokens: picture.tokens
    };
    const offline = mode === 'screen' ? input.image : undefined;
    const asked = {
      source: input.source,
      question: input.question ?? askedAbout(input.source),
      ownQuestion: !!input.question
    };
    return this.start({ mode, text, images: [image], answer: '', offline }, asked, {
      preface: picture.hidden || undefined
    });
  }

  /** Forgets the pictures and answers a follow-up would be about, the answers kept, and stops any answer. */
  forget(): void {
    this.stop();
    this.turns = [];
    this.records.forget();
  }

  /** Why nothing may be sent now: no key for the endpoint, or the monthly limit is reached. */
  private async refusal(): Promise<string | undefined> {
    const endpoint = this.deps.endpoint();
    if (!(await this.deps.key(endpoint))) return this.noKey(endpoint);
    return this.deps.refusal?.();
  }

  /** No key for `endpoint`: the saved one is for another endpoint, or there is none. */
  private async noKey(endpoint: string): Promise<string> {
    return (await this.deps.whyNoKey?.(endpoint).catch(() => undefined)) ?? NO_KEY;
  }

  /** Says why a picture is not being sent. */
  private hold(reason: HoldReason, message: string): DescribeOutcome {
    this.deps.earcon('error', 'play');
    this.deps.speech.say(message);
    return { id: null, guard: { reason, message } };
  }

  /** Cancels the request (the server sees the connection close) and silences speech. */
  stop(): boolean {
    const active = this.current;
    this.current = undefined;
    active?.abort();
    this.deps.speech.stop();
    this.deps.earcon('working', 'stop');
    return active !== undefined;
  }

  /**
   * Sends `turn` after `context` (by default, the conversation so far). `preface` is said before the
   * answer (e.g. what the shield hid), as part of the same speech; `again` names the answer whose
   * question this asks again.
   */
  private start(
    turn: Turn,
    asked: Pick<AnswerRecord, 'source' | 'question' | 'ownQuestion'>,
    { preface, context = this.turns, again }: { preface?: string; context?: readonly Turn[]; again?: string } = {}
  ): { id: string; done: Promise<void> } {
    // A new question replaces whatever Lumen was still saying or fetching.
    const speech = this.deps.speech.state();
    if (this.current || speech.speaking || speech.queued) this.stop();
    const id = `a${this.nextId++}`;
    const settings = this.deps.settings();
    const messages = buildMessages(systemPrompt(turn.mode, settings.verbosity, settings.language), context, turn);
    const record: AnswerRecord = {
      id,
      ...asked,
      mode: turn.mode,
      answer: '',
      model: '',
      at: new Date(),
      picture: sentPicture(messages),
      turn,
      context,
      preface
    };
    this.records.keep(record);
    const { source, question } = asked;
    this.deps.emit('answer.started', { id, source, question, mode: turn.mode, picture: !!record.picture, again });
    const abort = new AbortController();
    this.current = abort;
    const done = this.run(record, messages, abort.signal).finally(() => {
      if (this.current === abort) this.current = undefined;
    });
    return { id, done };
  }

  private async run(record: AnswerRecord, messages: ChatCompletionMessageParam[], signal: AbortSignal): Promise<void> {
    const { deps } = this;
    const { id, turn, preface } = record;
    // One endpoint for the whole answer: the key asked for is the key for where it goes.
    const endpoint = deps.endpoint();
    const key = await deps.key(endpoint);
    const refusal = key ? deps.refusal?.() : await this.noKey(endpoint);
    if (!key || refusal) {
      deps.emit('answer.done', { id, text: '', outcome: 'failed' });
      return this.fail(refusal ?? NO_KEY);
    }
    deps.earcon('working', 'loop');
    const deltas = new AsyncQueue<string>();
    const spoken = deps.speech.speak(deltas, { kind: 'answer' });
    // Said before the answer, in the same speech, and shown as a message.
    const tell = (note: string) => {
      deps.announce({ level: 'info', text: note, spoken: true });
      deltas.push(`${note}\n\n`);
    };
    if (preface) tell(preface);
    let text = '';
    try {
      const answered = await answerWithModels(deps.models, {
        endpoint,
        key,
        messages,
        // A typed question with no picture may think longer; describes and follow-ups start at once.
        purpose: turn.mode === 'text' ? 'question' : 'describe',
        thinkLonger: deps.settings().thinkLonger,
        signal,
        fetchImpl: deps.fetchImpl,
        onUsage: (used, model) => deps.usage?.(used, model),
        onDelta: (delta) => {
          if (!text) deps.earcon('working', 'stop');
          text += delta;
          record.answer = text;
          deltas.push(delta);
          deps.emit('answer.delta', { id, text: delta });
        },
        tell
      });
      text = answered.text;
      record.answer = text;
      record.model = answered.model;
      deps.earcon('working', 'stop');
      deltas.end();
      this.turns = [...this.turns, { ...turn, answer: text }].slice(-20);
      deps.emit('answer.done', { id, text, outcome: 'complete' });
      deps.remember?.({ source: record.source, question: record.question, answer: text });
      await spoken.done;
      if (!signal.aborted) deps.earcon('done', 'play');
    } catch (error) {
      deltas.end();
      deps.earcon('working', 'stop');
      if (signal.aborted) {
        deps.emit('answer.done', { id, text, outcome: 'stopped' });
        return;
      }
      deps.emit('answer.done', { id, text, outcome: 'failed' });
      await spoken.done;
      const reason = spokenError(error, text.length > 0);
      if (!text && (error instanceof OpenAI.APIConnectionError || error instanceof ModelGoneError)) {
        return this.readInstead(turn.offline, reason);
      }
      this.fail(reason);
    }
  }

  /**
   * A screen that cannot be described (no key, no connection, the limit reached) can still be read:
   * says why, then reads its text offline. Without a screen to read, only says why.
   */
  private async readInstead(screen: Uint8Array | undefined, reason: string): Promise<void> {
    if (!screen || !this.deps.readOffline) return this.fail(reason);
    this.fail(`${reason} Here is the text on the screen instead, read offline.`);
    await this.deps.readOffline(screen).catch(() => undefined);
  }

  private fail(text: string) {
    this.deps.earcon('error', 'play');
    this.deps.speech.say(text);
  }
}
