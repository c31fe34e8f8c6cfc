import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './browser';
import { fakeCameraFile } from './fake-camera';

const browser = findChromium();
process.stderr.write(
  `Browser tests use ${browser.kind === 'system' ? 'the system' : "Playwright's"} Chromium: ${browser.executablePath}\n`
);

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  // Every described picture is first read offline by the privacy shield, which takes seconds when
  // the shared machine is busy; waits for answers allow for that.
  expect: { timeout: 15_000 },
  workers: 2,
  fullyParallel: true,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../test-results/e2e.json' }]],
  outputDir: '../../test-results/e2e',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: browser.executablePath,
      args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${fakeCameraFile()}`]
    },
    trace: 'off'
  }
});
