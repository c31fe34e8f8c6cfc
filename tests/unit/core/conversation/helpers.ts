import type { FakeOpenAI } from '../../../fakes/openai';
import {
  RealtimeSession,
  type Clock,
  type RealtimeSessionEvents,
  type RealtimeSessionOptions,
  type SessionConfig
} from '../../../../src/core/conversation';

export const CONFIG: SessionConfig = {
  voice: 'alloy',
  speed: 1,
  answerLanguage: '',
  transcriptionLanguage: 'en',
  turnDetection: 'server_vad',
  canLook: true,
  canWatchLive: false,
  output: 'audio',
  transcriptionModels: ['gpt-4o-mini-transcribe']
};

type Name = keyof RealtimeSessionEvents;
type Payload<K extends Name> = Parameters<RealtimeSessionEvents[K]>[0];
export interface Logged<K extends Name = Name> {
  type: K;
  payload: Payload<K>;
  at: number;
}

/** Everything a session emits, in order, with waits on it. */
export class Recorder {
  readonly log: Logged[] = [];
  private waiters: Array<() => void> = [];

  constructor(readonly session: RealtimeSession) {
    const names: Name[] = [
      'state',
      'audio',
      'caption',
      'interrupt',
      'error',
      'note',
      'usage',
      'responseDone',
      'serverEvent',
      'captionsUnavailable',
      'transcriptionRefused',
      'captionsUsage'
    ];
    for (const name of names) {
      session.on(name, ((payload: unknown) => {
        this.log.push({ type: name, payload, at: performance.now() } as Logged);
        for (const w of this.waiters.splice(0)) w();
      }) as never);
    }
  }

  all<K extends Name>(type: K): Payload<K>[] {
    return this.log.filter((e) => e.type === type).map((e) => e.payload as Payload<K>);
  }

  /** Index in the log of the first event matching, from `from` on. */
  indexOf<K extends Name>(type: K, pred: (p: Payload<K>) => boolean = () => true, from = 0): number {
    for (let i = from; i < this.log.length; i++) {
      const e = this.log[i]!;
      if (e.type === type && pred(e.payload as Payload<K>)) return i;
    }
    return -1;
  }

  async waitFor<K extends Name>(
    type: K,
    pred: (p: Payload<K>) => boolean = () => true,
    timeoutMs = 8000,
    from = 0
  ): Promise<Payload<K>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.indexOf(type, pred, from);
      if (i >= 0) return this.log[i]!.payload as Payload<K>;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = this.log
          .filter((e) => e.type !== 'serverEvent' && e.type !== 'audio')
          .map((e) => `${e.type}:${JSON.stringify(e.payload).slice(0, 80)}`);
        throw new Error(`timed out waiting for ${type}; saw ${seen.join(' | ')}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  states(): string[] {
    return this.all('state');
  }

  serverEvents(type: string): any[] {
    return this.all('serverEvent').filter((e) => e.type === type);
  }
}

export function newSession(
  fake: FakeOpenAI,
  overrides: Partial<RealtimeSessionOptions> = {}
): { session: RealtimeSession; rec: Recorder } {
  const session = new RealtimeSession({
    endpoint: fake.baseURL,
    getKey: async () => fake.apiKey,
    model: 'gpt-realtime-2.1-mini',
    config: CONFIG,
    reconnect: { baseMs: 20, maxMs: 200 },
    ...overrides
  });
  return { session, rec: new Recorder(session) };
}

/** Mic audio as the renderer sends it: 40 ms chunks of 24 kHz PCM16. */
export function appendInChunks(session: RealtimeSession, pcm: Uint8Array, chunkMs = 40): number {
  const size = 24 * chunkMs * 2;
  let chunks = 0;
  for (let off = 0; off < pcm.byteLength; off += size) {
    session.appendAudio(pcm.subarray(off, Math.min(off + size, pcm.byteLength)));
    chunks++;
  }
  return chunks;
}

/** Mic audio at `speed` times real time, as a live microphone (faster) would send it. */
export async function appendPaced(
  session: RealtimeSession,
  pcm: Uint8Array,
  speed: number,
  chunkMs = 40
): Promise<void> {
  const size = 24 * chunkMs * 2;
  const started = performance.now();
  for (let off = 0, n = 0; off < pcm.byteLength; off += size, n++) {
    const due = started + (n * chunkMs) / speed;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    session.appendAudio(pcm.subarray(off, Math.min(off + size, pcm.byteLength)));
  }
}

/** Client events the fake received, per session, in order. */
export function clientEvents(fake: FakeOpenAI, sessionId?: string): any[] {
  return fake.realtimeEvents.filter((r) => sessionId === undefined || r.sessionId === sessionId).map((r) => r.event);
}

export function sessionIds(fake: FakeOpenAI): string[] {
  return [...new Set(fake.realtimeEvents.map((r) => r.sessionId))];
}

export async function until(pred: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const concatSamples = (chunks: Int16Array[]): Buffer =>
  Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));

/** A clock whose timers run only when the test moves its time on. */
export class ManualClock implements Clock {
  private now = 0;
  private timers: Array<{ at: number; ms: number; fn: () => void }> = [];

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.now + ms, ms, fn };
    this.timers.push(timer);
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }

  /** The delays of the timers still to run, in the order they were set. */
  get pending(): number[] {
    return this.timers.map((t) => t.ms);
  }

  /** Moves time on by `ms`, running each timer as it falls due. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.clearTimeout(due);
      this.now = due.at;
      due.fn();
    }
    this.now = until;
  }
}
