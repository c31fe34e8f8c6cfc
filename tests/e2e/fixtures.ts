import { chromium, test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';
import { tokenProtocols, WS_PATH } from '../../src/host/web/frames';
import { CHROMIUM_ARGS, findChromium } from './browser';
import { fakeCameraFile } from './fake-camera';
import { micRecording, type MicPart } from './mic-recording';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface RunningHost {
  url: string;
  port: number;
  token: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
}

/** Starts a command and resolves once a line of its stdout matches. */
export function startAndWaitFor(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  pattern: RegExp,
  timeoutMs = 20_000
): Promise<{ child: ChildProcess; match: RegExpMatchArray; output: () => string }> {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Timed out waiting for ${pattern}; output so far:\n${out}`)),
      timeoutMs
    );
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, output: () => out });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Exited with ${code} before ${pattern}; output:\n${out}`));
    });
  });
}

export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

const hostEnv = (fake: FakeOpenAI): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_BASE_URL: fake.baseURL };
  delete env.OPENAI_API_KEY;
  return env;
};

/** Setup's record once it is finished: a data folder with it opens on the home screen. */
export const SETUP_FINISHED = { done: true, step: 'key', completed: [], greeted: true };

/** Marks setup finished in a data folder, so Lumen starts on the home screen. */
export async function finishSetup(dataDir: string) {
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, 'setup.json'), JSON.stringify(SETUP_FINISHED));
}

/** Starts the web host on a data folder (a second start of the same Lumen: the same folder). */
export async function startHost(fake: FakeOpenAI, dataDir: string): Promise<RunningHost> {
  const { child, match, output } = await startAndWaitFor(
    process.execPath,
    [join(ROOT, 'out/web/index.mjs'), '--data-dir', dataDir],
    hostEnv(fake),
    /Lumen web host: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))\n/
  );
  return { url: match[1]!, port: Number(match[2]), token: match[3]!, dataDir, process: child, output };
}

export const test = base.extend<{ fake: FakeOpenAI; lumen: RunningHost; app: Page; firstRun: boolean }>({
  /** A fresh data folder is a first run, which opens setup; tests of anything else start past it. */
  firstRun: [false, { option: true }],
  // eslint-disable-next-line no-empty-pattern
  fake: async ({}, use) => {
    const fake = await startFakeOpenAI();
    await use(fake);
    await fake.close();
  },
  lumen: async ({ fake, firstRun }, use) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'lumen-e2e-'));
    if (!firstRun) await finishSetup(dataDir);
    const host = await startHost(fake, dataDir);
    await use(host);
    await stop(host.process);
  },
  app: async ({ page, lumen }, use) => {
    await page.goto(lumen.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
    // The audio player starts after the page shows (its worklet loads first); until it has opened
    // its stream to core there is nowhere for speech to go.
    await page.waitForFunction(() => window.lumenDiagnostics?.player !== undefined);
    await use(page);
  }
});

/** A page in a browser of its own, started with more flags (its own fake camera or microphone). */
export async function pageInOwnBrowser(args: string[], use: (page: Page) => Promise<void>) {
  const browser = await chromium.launch({
    executablePath: findChromium().executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS, ...args]
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  await use(page);
  await context.close();
  await browser.close();
}

/**
 * For the spoken conversation: every test gets a browser of its own whose fake microphone plays
 * `mic` once (Chromium's `--use-file-for-fake-audio-capture`), starting when the page opens it.
 * Other specs keep the shared browser and its beeping default microphone.
 */
export const voiceTest = test.extend<{ mic: MicPart[] }>({
  mic: [[{ silenceMs: 120_000 }], { option: true }],
  page: async ({ mic }, use, testInfo) => {
    const wav = testInfo.outputPath('mic.wav');
    await writeFile(wav, micRecording(mic));
    await pageInOwnBrowser(
      [`--use-file-for-fake-video-capture=${fakeCameraFile()}`, `--use-file-for-fake-audio-capture=${wav}%noloop`],
      use
    );
  }
});

export interface AnswerDone {
  id: string;
  text: string;
  outcome: string;
}

/**
 * Records in the page, as they happen, the answer.done events from now on; the function returned
 * reads them. Waiting for the event itself, not for the window to show something, means a value read
 * afterwards cannot be one a later event is still to set.
 */
export async function watchAnswers(page: Page): Promise<() => Promise<AnswerDone[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { answersDone?: AnswerDone[] };
    if (w.answersDone) return;
    const done: AnswerDone[] = (w.answersDone = []);
    window.lumen.on('answer.done', (answer) => done.push(answer));
  });
  return () => page.evaluate(() => (window as unknown as { answersDone: AnswerDone[] }).answersDone);
}

/** What the page's audio player reports (window.lumenDiagnostics.player). */
export const playerDiagnostics = (page: Page) =>
  page.evaluate(() => {
    const p = window.lumenDiagnostics?.player;
    if (!p) throw new Error('The page has no audio player.');
    return { ...p };
  });

/**
 * Has Lumen say a few words and waits until they start playing. The page plays sound in the order it
 * arrives, so whatever was already on its way has played (and been reported) by then: the point at
 * which "nothing more of what was stopped played" can be checked, without guessing how long to wait.
 */
export async function afterSoundSoFar(page: Page) {
  const before = (await playerDiagnostics(page)).lastStartAt;
  const spoken = await page.evaluate(() => window.lumen.speech.speak({ text: 'Ready.' }));
  expect(spoken.ok).toBe(true);
  await expect.poll(async () => (await playerDiagnostics(page)).lastStartAt, { timeout: 20_000 }).not.toBe(before);
}

/**
 * A socket to the running host, as a local tool would open it (the token in Sec-WebSocket-Protocol):
 * send raw frames, wait for the reply to an id, or for how the socket ended.
 */
export async function hostSocket(lumen: RunningHost, protocols = tokenProtocols(lumen.token)) {
  const ws = new WebSocket(`ws://127.0.0.1:${lumen.port}${WS_PATH}`, protocols);
  const replies = new Map<number, (result: unknown) => void>();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = JSON.parse(data.toString());
    if (message.t === 'reply') replies.get(message.id)?.(message.result);
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    closed,
    /** The result for request `id`, once it comes. */
    reply: (id: number) => new Promise<any>((resolve) => replies.set(id, resolve)),
    invoke(id: number, channel: string, payload: unknown) {
      const reply = this.reply(id);
      ws.send(JSON.stringify({ t: 'invoke', id, channel, payload }));
      return reply;
    }
  };
}

export { expect };

/** Opens Settings at one of its pages (named as in the list of pages) and waits for the page's heading to take focus. */
export async function openSettings(page: Page, name = 'Key and connection') {
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const pages = page.getByRole('navigation', { name: 'Settings pages' });
  const button = pages.getByRole('button', { name, exact: true });
  if ((await button.getAttribute('aria-current')) !== 'page') {
    await button.click();
    await expect(page.getByTestId('settings-page').locator('h2').first()).toBeFocused();
  }
}
