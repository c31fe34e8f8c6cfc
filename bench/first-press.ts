// The first describe after start-up against the fifth, camera and screen, the privacy shield on,
// through the web host as the app runs; and what the shield adds with one text-reading worker and
// with the pool sized to this machine.
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { prepareImage } from '../src/core/imaging/prepare';
import { OcrEngine } from '../src/core/ocr/engine';
import { ocrPoolSize } from '../src/core/ocr/pool-size';
import { shieldImage } from '../src/core/privacy';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../tests/fakes/openai';
import { installScreens, screenPng } from './describe';
import { openLumen } from './lumen-in-chromium';
import { summarize, type Summary } from './stats';

/**
 * Start-ups of each case; each case's first and fifth presses are medians over them. A screen start-up
 * reads five whole screens, so there are fewer of them.
 */
const STARTS = { camera: 9, screen: 5 } as const;
/** Fresh processes for each way of making the first chat request. */
const CONNECTION_PROCESSES = 5;
const PRESSES = 5;
/**
 * The user's press, counted from the moment the window is up: a screen reader has said the window's
 * name and the user presses a key. Each case is also measured pressed at once, during the warm-up.
 */
const USER_DELAY_MS = 2000;
/** Between one press's request and the next press (the answer is stopped as it starts). */
const BETWEEN_PRESSES_MS = 500;
const SHIELD_RUNS = 7;

type Source = 'camera' | 'screen';

interface Case {
  /** "warm": as shipped; "cold": the web host started with --no-warm-up, as before the warm-up. */
  warmUp: boolean;
  delayMs: number;
}

const CASES: Case[] = [
  { warmUp: true, delayMs: USER_DELAY_MS },
  { warmUp: false, delayMs: USER_DELAY_MS },
  { warmUp: true, delayMs: 0 },
  { warmUp: false, delayMs: 0 }
];

export interface FirstPressCaseResult extends Case {
  source: Source;
  /** Press → the describe request has arrived at the service, first press after start-up. */
  firstMs: Summary;
  fifthMs: Summary;
  /**
   * First over fifth in each start-up (seconds apart, in the same moment of a shared machine), the
   * median of them; the goal is ≤ 1.3 when warm.
   */
  ratio: number;
  /** Asking for the page → its audio player connected, for each start-up. */
  pageLoadMs: Summary;
  /**
   * When the warm-up's text-reading step ended (it also waits for reads asked meanwhile), counted from
   * the window being up, from the host's log.
   */
  textReadingReadyMs?: Summary;
}

export interface FirstPressBenchResult {
  name: 'first-press';
  cores: number;
  /** Text-reading workers Lumen starts on this machine. */
  poolSize: number;
  starts: { camera: number; screen: number };
  presses: number;
  userDelayMs: number;
  betweenPressesMs: number;
  cases: FirstPressCaseResult[];
  /** The machine's 1-minute load average before and after the start-ups (other work shares the cores). */
  loadAverage: { before: number; after: number };
  /**
   * What opening the connection ahead saves: Lumen's chat request → at the service, in fresh
   * processes, the first with nothing before it, the first after the start-up list of models (a
   * plain request to the same endpoint), and the third.
   */
  connection: { processes: number; firstMs: Summary; firstAfterModelListMs: Summary; thirdMs: Summary };
  /**
   * The privacy shield on its own (read the sent picture's text, black out what is private), on 4K
   * app screens prepared as sent, a new screen each time; warm engines, their reads alternating.
   */
  shield: {
    runs: number;
    linesRead: number;
    pools: { workers: number; ms: Summary }[];
  };
}

interface Pressed {
  pressedAt: number;
}

const isChat = (fake: FakeOpenAI, from: number) => (r: RecordedRequest) =>
  fake.requests.indexOf(r) >= from && r.path === '/v1/chat/completions';

/** The warm-up's log line: `[lumen] info warmed up {"text reading":"812 ms",…}`. */
function textReadingReady(log: string): number | undefined {
  const line = log.match(/warmed up (\{.*\})/);
  if (!line) return undefined;
  const ready = (JSON.parse(line[1]!) as Record<string, string>)['text reading'];
  return ready?.endsWith(' ms') ? Number.parseInt(ready, 10) : undefined;
}

/** One start-up of the web host: the window comes up, the user waits, then presses describe PRESSES times. */
async function startUp(fake: FakeOpenAI, source: Source, screens: string[], c: Case) {
  const prepare = async (p: Page) => {
    // The press is when the page sees the click, not when the driver starts looking for the button.
    await p.addInitScript(() =>
      document.addEventListener('click', () => ((window as unknown as Pressed).pressedAt = Date.now()), true)
    );
    if (source === 'screen') await installScreens(p, screens);
  };
  const lumen = await openLumen(fake, prepare, [], c.warmUp ? [] : ['--no-warm-up']);
  const { page } = lumen;
  try {
    await new Promise((r) => setTimeout(r, c.delayMs));
    const button = page.getByRole('button', { name: source === 'camera' ? 'Describe camera' : 'Describe screen' });
    const times: number[] = [];
    for (let i = 0; i < PRESSES; i++) {
      const from = fake.requests.length;
      await button.click();
      const request = await fake.waitFor(isChat(fake, from), 60_000).catch(async (error: Error) => {
        const said = await page
          .getByTestId('status-log')
          .textContent()
          .catch(() => '');
        throw new Error(`${error.message}; the page said: ${said}`);
      });
      times.push(request.at - (await page.evaluate(() => (window as unknown as Pressed).pressedAt)));
      await page.evaluate(() => window.lumen.assistant.stop());
      await new Promise((r) => setTimeout(r, BETWEEN_PRESSES_MS));
    }
    const log = lumen.hostLog();
    if (c.warmUp !== log.includes('warmed up'))
      throw new Error(`the web host ${c.warmUp ? 'did not warm up' : 'warmed up with --no-warm-up'}`);
    return { times, loadMs: lumen.loadMs, textReadingReadyMs: textReadingReady(log) };
  } finally {
    await lumen.close();
  }
}

async function pressesAfterStartUps(fake: FakeOpenAI): Promise<FirstPressCaseResult[]> {
  const screens = (await Promise.all(Array.from({ length: PRESSES }, (_, i) => screenPng(i + 1)))).map((png) =>
    png.toString('base64')
  );
  const runs = new Map<string, Awaited<ReturnType<typeof startUp>>[]>();
  const key = (source: Source, c: Case) => `${source} ${c.warmUp} ${c.delayMs}`;
  // Round after round, every case once, so each meets the machine's busy and quiet moments alike.
  for (let round = 0; round < Math.max(STARTS.camera, STARTS.screen); round++) {
    for (const source of (['camera', 'screen'] as const).filter((s) => round < STARTS[s])) {
      for (const c of CASES) {
        const run = await startUp(fake, source, screens, c);
        process.stdout.write(`  ${key(source, c)}: ${run.times.map(Math.round).join(' ')} ms\n`);
        runs.set(key(source, c), [...(runs.get(key(source, c)) ?? []), run]);
      }
    }
  }
  return (['camera', 'screen'] as const).flatMap((source) =>
    CASES.map((c) => {
      const done = runs.get(key(source, c))!;
      const firstMs = summarize(done.map((r) => r.times[0]!));
      const fifthMs = summarize(done.map((r) => r.times[PRESSES - 1]!));
      const ready = done.flatMap((r) => (r.textReadingReadyMs === undefined ? [] : [r.textReadingReadyMs]));
      return {
        source,
        ...c,
        firstMs,
        fifthMs,
        ratio: Math.round(summarize(done.map((r) => r.times[0]! / r.times[PRESSES - 1]!)).p50 * 100) / 100,
        pageLoadMs: summarize(done.map((r) => r.loadMs)),
        ...(ready.length ? { textReadingReadyMs: summarize(ready) } : {})
      };
    })
  );
}

/** Lumen's chat requests in fresh processes (first-request.ts), after nothing and after the model list. */
async function connectionCost(fake: FakeOpenAI): Promise<FirstPressBenchResult['connection']> {
  const script = join(import.meta.dirname, 'first-request.ts');
  const times = { nothing: [] as number[][], 'model-list': [] as number[][] };
  for (let i = 0; i < CONNECTION_PROCESSES; i++) {
    for (const before of ['nothing', 'model-list'] as const) {
      const from = fake.requests.length;
      const { stdout } = await promisify(execFile)(process.execPath, [
        '--import',
        'tsx',
        script,
        fake.baseURL,
        fake.apiKey,
        before
      ]);
      const sentAt = JSON.parse(stdout) as number[];
      const arrived = fake.requests.slice(from).filter((r) => r.path === '/v1/chat/completions');
      times[before].push(sentAt.map((at, n) => arrived[n]!.at - at));
    }
  }
  return {
    processes: CONNECTION_PROCESSES,
    firstMs: summarize(times.nothing.map((t) => t[0]!)),
    firstAfterModelListMs: summarize(times['model-list'].map((t) => t[0]!)),
    thirdMs: summarize([...times.nothing, ...times['model-list']].map((t) => t[2]!))
  };
}

/** The shield's own time with each pool size, on screens none of the engines has read before. */
async function shieldTimes(pools: number[]): Promise<FirstPressBenchResult['shield']> {
  const sent = await Promise.all(
    Array.from({ length: SHIELD_RUNS + 1 }, async (_, i) => (await prepareImage(await screenPng(100 + i))).jpeg)
  );
  const engines = pools.map((workers) => new OcrEngine({ workers }));
  try {
    await Promise.all(engines.map((engine) => engine.warmUp()));
    const times = engines.map((): number[] => []);
    let linesRead = 0;
    // The first screen warms each engine's code paths and is not counted.
    for (const [i, jpeg] of sent.entries()) {
      for (const [e, engine] of engines.entries()) {
        const start = performance.now();
        const text = await engine.recognize(jpeg);
        await shieldImage(jpeg, text);
        if (i > 0) times[e]!.push(performance.now() - start);
        linesRead = text.lines.length;
      }
    }
    return { runs: SHIELD_RUNS, linesRead, pools: pools.map((workers, e) => ({ workers, ms: summarize(times[e]!) })) };
  } finally {
    await Promise.all(engines.map((engine) => engine.terminate()));
  }
}

async function measuredUnderLoad(measure: () => Promise<FirstPressCaseResult[]>) {
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const before = round2(loadavg()[0]!);
  const cases = await measure();
  return { cases, loadAverage: { before, after: round2(loadavg()[0]!) } };
}

export async function benchFirstPress(): Promise<FirstPressBenchResult> {
  const cores = availableParallelism();
  const poolSize = ocrPoolSize(cores);
  // One worker against the chosen pool (and two, where the pool is larger).
  const shield = await shieldTimes([...new Set([1, 2, poolSize])].sort((a, b) => a - b));
  const fake = await startFakeOpenAI();
  try {
    return {
      name: 'first-press',
      cores,
      poolSize,
      starts: STARTS,
      presses: PRESSES,
      userDelayMs: USER_DELAY_MS,
      betweenPressesMs: BETWEEN_PRESSES_MS,
      ...(await measuredUnderLoad(() => pressesAfterStartUps(fake))),
      connection: await connectionCost(fake),
      shield
    };
  } finally {
    await fake.close();
  }
}
