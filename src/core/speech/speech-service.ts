import type { Earcon, SpeechState, StatusMessage } from '../../shared/contract';
import type { SpeechSettings } from '../../shared/settings';
import { silentLogger, type Logger } from '../ports';
import { abortable } from '../util/async-queue';
import { chunkStream } from './chunker';
import type { SpeechOutputs } from './outputs';
import { spellOut } from './spell';
import { VoiceError, type AudioVoice } from './voice';

export type ProviderId = 'openai' | 'system' | 'screen-reader' | 'offline';

export const PROVIDER_NAMES: Record<ProviderId, string> = {
  openai: 'the OpenAI voice',
  system: 'the system voice',
  'screen-reader': 'your screen reader',
  offline: 'the offline voice'
};

/**
 * The first sound matters most: a first sentence longer than a short clause is cut at its first
 * clause mark (after 20 characters), so speech starts while the rest of the sentence streams in.
 */
const FIRST_SOUND_EARLY = { firstChunkMaxChars: 20, minChunkChars: 20 };

/** Where speech goes when a provider fails: always towards something that works offline. */
const FALLBACK: Record<ProviderId, ProviderId | null> = {
  openai: 'offline',
  system: 'offline',
  offline: 'screen-reader',
  'screen-reader': null
};

export interface SpeechServiceDeps {
  outputs: SpeechOutputs;
  settings: () => SpeechSettings;
  /** The OpenAI voice when a key is set for the endpoint in use, else undefined. */
  openaiVoice: () => Promise<AudioVoice | undefined>;
  /** Why the OpenAI voice has no key although Lumen holds one (it is for another endpoint), or undefined. */
  whyNoKey?: () => Promise<string | undefined>;
  offlineVoice: () => AudioVoice;
  announce: (message: StatusMessage) => void;
  earcon: (sound: Earcon, action: 'play' | 'loop' | 'stop') => void;
  onState?: (state: SpeechState) => void;
  logger?: Logger;
}

export interface SpeakOptions {
  urgent?: boolean;
  /** Answers can be repeated, spelled and read slowly; messages cannot. */
  kind?: 'answer' | 'message';
  /** Overrides the rate from settings (reading slowly). */
  rate?: number;
  /** Overrides the voice from settings (the welcome, a voice being tried); a failing one still falls back. */
  provider?: ProviderId;
  /**
   * Remarks in one slot never pile up: a newer one takes the place of one still waiting its turn
   * (live description says only what is new now, not what was new a few seconds ago).
   */
  slot?: string;
}

interface Utterance {
  id: number;
  source: AsyncIterable<string>;
  options: SpeakOptions;
  provider?: ProviderId;
  told: boolean;
  /** A note to say before the next sentence (the voice had to change before anything was said). */
  pendingNote?: string;
  spoken: string[];
  abort: AbortController;
  resolve: () => void;
}

async function* once(text: string) {
  yield text;
}

/**
 * The one speech queue. Text (whole or streamed) is cut into sentences and spoken as soon as the
 * first one is complete. Urgent messages interrupt; stop silences everything and empties the queue;
 * a provider that fails mid-answer hands the rest to the next one and the user is told once.
 */
export class SpeechService {
  private readonly queue: Utterance[] = [];
  private current: Utterance | undefined;
  private nextId = 1;
  private pumping = false;
  private paused = false;
  private activeProvider: ProviderId | null = null;
  /** Set by a permanent OpenAI failure (bad key); cleared when the key or settings change. */
  private openaiBlocked = false;
  private lastAnswer = '';
  private lastChunk = '';
  private readonly logger: Logger;

  constructor(private readonly deps: SpeechServiceDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** Says a message and shows it in the window's message log (marked as spoken, so it is not read twice). */
  say(text: string, level: 'info' | 'error' = 'error'): void {
    this.deps.announce({ level, text, spoken: true });
    this.speak(text, { kind: 'message' });
  }

  speak(text: string | AsyncIterable<string>, options: SpeakOptions = {}): { id: number; done: Promise<void> } {
    const source = typeof text === 'string' ? once(text) : text;
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const utterance: Utterance = {
      id: this.nextId++,
      source,
      options,
      provider: options.provider,
      told: false,
      spoken: [],
      abort: new AbortController(),
      resolve
    };
    if (options.slot !== undefined) this.dropWaiting(options.slot);
    if (options.urgent) {
      this.queue.unshift(utterance);
      if (this.current && !this.current.options.urgent) this.cancel(this.current, 'skip');
    } else {
      this.queue.push(utterance);
    }
    this.emitState();
    this.warmUp();
    void this.pump();
    return { id: utterance.id, done };
  }

  /** Removes the remarks of `slot` that have not started; the one being said finishes. */
  private dropWaiting(slot: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const waiting = this.queue[i]!;
      if (waiting.options.slot !== slot) continue;
      this.queue.splice(i, 1);
      waiting.resolve();
    }
  }

  /** The OpenAI voice connects while the first sentence is still streaming in. */
  private warmUp(): void {
    const choice = this.deps.settings().provider;
    if (this.openaiBlocked || (choice !== 'auto' && choice !== 'openai')) return;
    void this.deps
      .openaiVoice()
      .then((voice) => voice?.warm?.())
      .catch(() => undefined);
  }

  /** Everything silent, the queue empty. */
  stop(): void {
    for (const u of this.queue.splice(0)) u.resolve();
    if (this.current) this.cancel(this.current, 'stop');
    this.deps.outputs.player()?.stop();
    this.deps.outputs.text.control('stop');
    this.paused = false;
    this.emitState();
  }

  skip(): void {
    if (this.current) this.cancel(this.current, 'skip');
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.deps.outputs.player()?.pause();
    this.deps.outputs.text.control('pause');
    this.emitState();
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.deps.outputs.player()?.resume();
    this.deps.outputs.text.control('resume');
    this.emitState();
  }

  repeat(): void {
    if (!this.lastAnswer) return void this.speak('There is nothing to repeat yet.', { kind: 'message' });
    this.speak(this.lastAnswer, { kind: 'answer' });
  }

  /** Spells the last sentence spoken, character by character. */
  spell(): void {
    if (!this.lastChunk) return void this.speak('There is nothing to spell yet.', { kind: 'message' });
    this.speak(spellOut(this.lastChunk), { kind: 'message', rate: Math.min(1, this.deps.settings().rate) });
  }

  /** Says the last sentence again, slowly. */
  readSlowly(): void {
    if (!this.lastChunk) return void this.speak('There is nothing to read again yet.', { kind: 'message' });
    this.speak(this.lastChunk, { kind: 'message', rate: 0.6 });
  }

  /** A new key or new settings: give the OpenAI voice another chance. */
  resetHealth(): void {
    this.openaiBlocked = false;
  }

  state(): SpeechState {
    return {
      speaking: this.current !== undefined,
      paused: this.paused,
      provider: this.current ? this.activeProvider : null,
      queued: this.queue.length
    };
  }

  private emitState() {
    this.deps.onState?.(this.state());
  }

  private cancel(u: Utterance, how: 'stop' | 'skip') {
    u.abort.abort();
    if (how === 'skip') {
      this.deps.outputs.player()?.skip(u.id);
      this.deps.outputs.text.control('skip');
    }
  }

  private async pump() {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let u = this.queue.shift(); u; u = this.queue.shift()) {
        this.current = u;
        this.emitState();
        try {
          await this.play(u);
        } catch (error) {
          this.logger.error('speech failed', { error: String(error) });
        } finally {
          this.current = undefined;
          u.resolve();
        }
      }
    } finally {
      this.pumping = false;
      this.emitState();
    }
  }

  private async choose(u: Utterance): Promise<ProviderId> {
    if (u.provider) return u.provider;
    const choice = this.deps.settings().provider;
    if (choice === 'auto' || choice === 'openai') {
      const voice = this.openaiBlocked ? undefined : await this.deps.openaiVoice();
      if (voice) return 'openai';
      if (choice === 'openai' && !u.told && !this.openaiBlocked) {
        u.provider = 'offline';
        const why = await this.deps.whyNoKey?.().catch(() => undefined);
        u.pendingNote = this.noteSwitch(u, 'openai', 'offline', why ?? 'No API key is set.');
      }
      return 'offline';
    }
    return choice;
  }

  private async play(u: Utterance) {
    const signal = u.abort.signal;
    const state: PlayState = { usedPlayer: false, latest: undefined };
    // Sentences are forwarded to the output strictly in order along this chain, each as soon as the
    // one before it is done, while the next one is already being synthesised.
    let chain: Promise<void> = Promise.resolve();
    const enqueue = (slot: Slot) => {
      state.latest = slot;
      const before = chain;
      chain = chain.then(() => this.finish(u, slot, state));
      return before;
    };
    for await (const chunk of chunkStream(abortable(u.source, signal), FIRST_SOUND_EARLY)) {
      if (signal.aborted) break;
      const text = chunk.trim();
      if (!text) continue;
      u.spoken.push(chunk);
      this.lastChunk = text;
      if (u.options.kind === 'answer') this.lastAnswer = u.spoken.join('').trim();
      const slot: Slot = { chunk: await this.start(u, text) };
      let before: Promise<void> | undefined;
      if (u.pendingNote) {
        const note = u.pendingNote;
        u.pendingNote = undefined;
        before = enqueue({ chunk: await this.start(u, note) });
      }
      const previous = enqueue(slot);
      // At most two sentences in flight: the one being forwarded and this one.
      await (before ?? previous);
    }
    await chain;
    if (signal.aborted) state.latest?.chunk.cancel();
    const player = this.deps.outputs.player();
    if (state.usedPlayer && player && !signal.aborted) {
      player.end(u.id);
      await Promise.race([player.finished(u.id), abortPromise(signal)]);
    }
  }

  /** Begins speaking `text` with the utterance's provider: audio voices start downloading at once. */
  private async start(u: Utterance, text: string): Promise<PendingChunk> {
    const provider = await this.choose(u);
    u.provider = provider;
    this.activeProvider = provider;
    if (provider === 'system' || provider === 'screen-reader') {
      return { text, provider, audio: false, run: () => this.sayText(u, provider, text), cancel() {} };
    }
    const voice = provider === 'openai' ? await this.deps.openaiVoice() : this.deps.offlineVoice();
    const player = this.deps.outputs.player();
    const unavailable = !voice
      ? new VoiceError('No API key is set.', true)
      : !player
        ? new VoiceError('No Lumen window is open to play sound.', false)
        : undefined;
    if (unavailable || !voice || !player) {
      return { text, provider, audio: true, run: () => Promise.reject(unavailable), cancel() {} };
    }
    const own = new AbortController();
    const stopOwn = () => own.abort();
    u.abort.signal.addEventListener('abort', stopOwn, { once: true });
    const settings = this.deps.settings();
    const blocks = voice.synthesize({
      text,
      // The OpenAI voice's name comes from its factory, which checks it against the known voices.
      voice: provider === 'openai' ? undefined : settings.voice || undefined,
      rate: u.options.rate ?? settings.rate,
      language: settings.language || undefined,
      instructions: settings.instructions || undefined,
      signal: own.signal
    });
    const volume = settings.volume;
    const task = prefetch(blocks, (block) => {
      if (!own.signal.aborted) player.pcm(u.id, volume === 1 ? block : scale(block, volume));
    });
    return {
      text,
      provider,
      audio: true,
      run: async () => {
        try {
          await task();
        } finally {
          u.abort.signal.removeEventListener('abort', stopOwn);
        }
      },
      cancel: stopOwn
    };
  }

  /** Lets a started chunk finish; on failure, re-speaks it (and restarts the next) with the fallback. */
  private async finish(u: Utterance, slot: Slot, state: PlayState): Promise<void> {
    const chunk = slot.chunk;
    if (u.abort.signal.aborted) return chunk.cancel();
    try {
      await chunk.run();
      if (chunk.audio) state.usedPlayer = true;
    } catch (error) {
      if (u.abort.signal.aborted) return;
      const next = FALLBACK[chunk.provider];
      const reason = error instanceof VoiceError ? error.message : 'It stopped working.';
      this.logger.warn('voice failed', { provider: chunk.provider, reason });
      if (chunk.provider === 'openai' && error instanceof VoiceError && error.permanent) this.openaiBlocked = true;
      if (!next) return;
      u.provider = next;
      const note = u.told ? undefined : await this.start(u, this.noteSwitch(u, chunk.provider, next, reason));
      const retry = await this.start(u, chunk.text);
      const latest = state.latest;
      if (latest && latest !== slot && latest.chunk.provider === chunk.provider) {
        latest.chunk.cancel();
        latest.chunk = await this.start(u, latest.chunk.text);
      }
      if (note) await this.finish(u, { chunk: note }, state);
      await this.finish(u, { chunk: retry }, state);
    }
  }

  private async sayText(u: Utterance, provider: 'system' | 'screen-reader', text: string): Promise<void> {
    const settings = this.deps.settings();
    const outcome = await this.deps.outputs.text.say({
      id: `${u.id}`,
      text,
      provider,
      urgent: u.options.urgent ?? false,
      rate: u.options.rate ?? settings.rate,
      volume: settings.volume,
      voice: settings.voice,
      language: settings.language,
      kind: u.options.kind ?? 'message'
    });
    if (outcome === 'no-voice') {
      throw new VoiceError('This computer has no system voice. On Linux, installing speech-dispatcher adds one.', true);
    }
    if (outcome === 'failed') throw new VoiceError('The system voice failed.', false);
  }

  /** Tells the user once per utterance that its voice changed; returns the note to speak. */
  private noteSwitch(u: Utterance, from: ProviderId, to: ProviderId, reason: string): string {
    u.told = true;
    const text = `${reason} Continuing with ${PROVIDER_NAMES[to]}.`;
    this.deps.announce({ level: 'error', text, spoken: true });
    this.deps.earcon('error', 'play');
    this.logger.info('speech provider changed', { from, to });
    return text;
  }
}

interface PendingChunk {
  text: string;
  provider: ProviderId;
  audio: boolean;
  run(): Promise<void>;
  cancel(): void;
}

/** A started sentence; its chunk is replaced if its voice fails before its turn. */
interface Slot {
  chunk: PendingChunk;
}

interface PlayState {
  usedPlayer: boolean;
  /** The sentence started most recently, possibly still waiting for its turn. */
  latest: Slot | undefined;
}

function scale(block: Int16Array, volume: number): Int16Array {
  const out = new Int16Array(block.length);
  for (let i = 0; i < block.length; i++) out[i] = Math.round(block[i]! * volume);
  return out;
}

const abortPromise = (signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });

/**
 * Reads `blocks` into memory from now on; the returned function forwards them in order, live once
 * caught up, and rejects if synthesis failed.
 */
function prefetch(blocks: AsyncIterable<Int16Array>, forward: (b: Int16Array) => void): () => Promise<void> {
  const buffered: Int16Array[] = [];
  let live: ((b: Int16Array) => void) | undefined;
  const finished = (async () => {
    for await (const block of blocks) {
      if (live) live(block);
      else buffered.push(block);
    }
  })();
  finished.catch(() => {});
  return async () => {
    for (const block of buffered.splice(0)) forward(block);
    live = forward;
    await finished;
  };
}
