import sharp from 'sharp';
import { createCore } from '../src/core/app';
import { MemoryRecordStore } from '../src/core/ports';
import { createSecretStore, MemoryKeyVault } from '../src/core/secrets';
import type { SpeechState } from '../src/shared/contract';
import type { Result } from '../src/shared/errors';
import type { Settings } from '../src/shared/settings';
import { startFakeOpenAI, type Fault } from './fakes/openai';
import { BEFORE_SHUTDOWNS } from './fakes/openai/test-helpers';
import { speakAsPage } from './unit/helpers';
import { seededRandom } from './seeded-random';

/*
 * Many describes in a row against the fake service with faults injected at random (a seeded random,
 * so a failure replays): busy (429 with retry-after), failing (500), a stream cut mid-answer, and a
 * retirement of the chosen model half-way through. What must hold: nothing crashes or is left
 * unhandled, at most two requests are in flight (a press that replaces one still finishing), memory
 * stays flat, and every press ends with its answer spoken or its failure said.
 */

export interface SoakOptions {
  describes: number;
  /** Share of presses that meet a fault. */
  faultRate: number;
  seed: number;
  /** Called after each press (progress for long runs). */
  onProgress?: (done: number) => void;
}

export interface SoakResult {
  describes: number;
  faults: Record<string, number>;
  outcomes: { spoken: number; failureSaid: number; unaccounted: number };
  unhandledRejections: number;
  maxInFlight: number;
  /** Resident memory after the first tenth of the run and at the end, MB. */
  rssMb: { warm: number; end: number; growth: number };
  /** Models answering, in order of first use. */
  models: string[];
  retiredSaid: number;
}

type Kind = 'busy' | 'failing' | 'cut' | 'twice';
const FAULTS: Record<Exclude<Kind, 'twice'>, Fault> = {
  busy: { kind: 'status', status: 429, retryAfterSeconds: 1 },
  failing: { kind: 'status', status: 500 },
  cut: { kind: 'cut-stream', afterChunks: 4 }
};

const rssMb = () => Math.round((process.memoryUsage().rss / 2 ** 20) * 10) / 10;

export async function soak(options: SoakOptions): Promise<SoakResult> {
  const random = seededRandom(options.seed);
  let unhandled = 0;
  const onUnhandled = () => (unhandled += 1);
  process.on('unhandledRejection', onUnhandled);
  const fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
  let stored: unknown;
  const core = await createCore({
    host: 'web',
    version: 'soak',
    platform: process.platform,
    secrets: createSecretStore(new MemoryKeyVault(), {}),
    settingsStore: {
      read: async () => stored,
      write: async (s: Settings) => {
        stored = s;
      }
    },
    records: new MemoryRecordStore(),
    env: { OPENAI_BASE_URL: fake.baseURL }
  });
  try {
    await core.router.invoke('secrets.setKey', { key: fake.apiKey });
    await core.router.invoke('settings.update', {
      // Speech as text events, acknowledged at once: what was said is what the window got.
      speech: { provider: 'screen-reader', earcons: false },
      privacy: { shield: 'off' },
      models: { describe: 'gpt-4o' }
    });
    const said: string[] = [];
    const done = new Map<string, { outcome: string; text: string }>();
    let waiting: (() => void) | undefined;
    speakAsPage(core, (u) => said.push(u.text));
    core.subscribe((channel, payload) => {
      if (channel === 'answer.done') {
        const { id, outcome, text } = payload as { id: string; outcome: string; text: string };
        done.set(id, { outcome, text });
      }
      if (channel === 'speech.state' && !(payload as { speaking: boolean }).speaking) waiting?.();
    });
    const quiet = () =>
      new Promise<void>((resolve) => {
        const check = async () => {
          const state = (await core.router.invoke('speech.control', { action: 'resume' })) as Result<SpeechState>;
          if (state.ok && !state.value.speaking && state.value.queued === 0) {
            waiting = undefined;
            resolve();
          }
        };
        waiting = () => void check();
        void check();
      });

    const picture = new Uint8Array(
      await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 30, g: 120, b: 200 } } })
        .composite([
          {
            input: Buffer.from(
              '<svg width="320" height="240"><rect x="20" y="20" width="60" height="200" fill="#fff"/></svg>'
            ),
            top: 0,
            left: 0
          }
        ])
        .jpeg()
        .toBuffer()
    );
    const faults: Record<string, number> = {};
    const outcomes = { spoken: 0, failureSaid: 0, unaccounted: 0 };
    let warm = 0;
    for (let i = 0; i < options.describes; i++) {
      if (i === Math.floor(options.describes / 2)) fake.setToday('2027-01-15'); // gpt-4o is retired today
      let kind: Kind | undefined;
      if (random() < options.faultRate) {
        kind = (['busy', 'failing', 'cut', 'twice'] as const)[Math.floor(random() * 4)]!;
        faults[kind] = (faults[kind] ?? 0) + 1;
        if (kind !== 'twice') fake.inject('chat', FAULTS[kind], kind === 'failing' ? 1 + Math.floor(random() * 3) : 1);
      }
      const saidBefore = said.length;
      // A press replaced by another at once, as when the key is pressed twice.
      if (kind === 'twice') await core.router.invoke('describe.start', { source: 'camera', image: picture });
      const pressed = (await core.router.invoke('describe.start', { source: 'camera', image: picture })) as Result<{
        id: string | null;
      }>;
      if (!pressed.ok || !pressed.value.id) throw new Error(`describe ${i} was refused: ${JSON.stringify(pressed)}`);
      const id = pressed.value.id;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => done.has(id) && (clearInterval(timer), resolve()), 5);
      });
      await quiet();
      const result = done.get(id)!;
      const words = said.slice(saidBefore).join(' ');
      if (result.outcome === 'complete' && result.text && words.includes(result.text.split('.')[0]!))
        outcomes.spoken += 1;
      else if (result.outcome === 'failed' && /cut off|could not|try again|no model|problems|busy/i.test(words))
        outcomes.failureSaid += 1;
      else outcomes.unaccounted += 1;
      if (i === Math.floor(options.describes / 10)) warm = rssMb();
      options.onProgress?.(i + 1);
    }
    const end = rssMb();
    const models = [
      ...new Set(
        fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => (r.body as { model: string }).model)
      )
    ];
    return {
      describes: options.describes,
      faults,
      outcomes,
      unhandledRejections: unhandled,
      maxInFlight: fake.inFlight.most,
      rssMb: { warm, end, growth: warm ? Math.round(((end - warm) / warm) * 1000) / 1000 : 0 },
      models,
      retiredSaid: said.filter((t) => t.includes('has been retired')).length
    };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await fake.close();
  }
}
