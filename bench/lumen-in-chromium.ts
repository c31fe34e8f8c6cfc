import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, findChromium } from '../tests/e2e/browser';
import { FIRST_RUN } from '../src/core/setup/setup-record';
import { JsonRecordStore } from '../src/core/storage/json-record-store';
import type { FakeOpenAI } from '../tests/fakes/openai';

const ROOT = join(import.meta.dirname, '..');

export interface OpenedLumen {
  page: Page;
  /** From asking for the page until its audio player had connected: the window is up. */
  loadMs: number;
  /** What the web host has written to standard error so far (its log). */
  hostLog(): string;
  close(): Promise<void>;
}

/**
 * The built web host (its own process with a fresh data folder, setup done, keyed to the fake service)
 * and a fresh page of it in headless Chromium. `prepare` runs before the page loads (e.g. to stand in for the screen).
 */
export async function openLumen(
  fake: FakeOpenAI,
  prepare?: (page: Page) => Promise<void>,
  /** More Chromium flags, e.g. a fake microphone file. */
  args: string[] = [],
  /** More web host flags, e.g. --no-warm-up. */
  hostArgs: string[] = []
): Promise<OpenedLumen> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-bench-'));
  // Lumen as used after its first run: setup done, so it opens on the home screen.
  await new JsonRecordStore(dataDir).write('setup', { ...FIRST_RUN, done: true, greeted: true });
  const host = spawn(process.execPath, [join(ROOT, 'out/web/index.mjs'), '--data-dir', dataDir, ...hostArgs], {
    env: { ...process.env, OPENAI_BASE_URL: fake.baseURL, OPENAI_API_KEY: fake.apiKey },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let log = '';
  host.stderr.on('data', (d: Buffer) => {
    log += d.toString();
    process.stderr.write(d);
  });
  const browser = await chromium.launch({
    executablePath: findChromium().executablePath,
    args: [...CHROMIUM_ARGS, ...args]
  });
  const close = async () => {
    await browser.close();
    host.kill();
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      host.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = out.match(/Lumen web host: (\S+)/);
        if (m) resolve(m[1]!);
      });
      host.on('exit', (code) => reject(new Error(`web host exited ${code}`)));
    });
    const page = await (await browser.newContext()).newPage();
    await prepare?.(page);
    const asked = performance.now();
    await page.goto(url);
    await page.waitForFunction(() => window.lumenDiagnostics?.player !== undefined);
    return { page, loadMs: performance.now() - asked, hostLog: () => log, close };
  } catch (error) {
    await close();
    throw error;
  }
}
