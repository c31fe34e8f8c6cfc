import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Locator, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './browser';
import { WELCOME } from '../../src/core/setup/setup-capability';
import type { Appearance } from '../../src/shared/settings';
import { expect, openSettings, playerDiagnostics, startHost, stop, test, voiceTest } from './fixtures';

/*
 * The first-run setup in Chromium through the web host, from the keyboard alone, on a fresh data
 * folder, against the fake service. The fake microphone says the recorded question once; the fake
 * camera shows its coloured picture.
 */

const LONG = 30_000;
const HEARD = 'I hear you.';
const SETUP_DONE = 'Setup is done. This is the home screen. Settings can run setup again at any time.';
const polite = (page: Page) => page.getByTestId('live-polite');
const statusLog = (page: Page) => page.locator('.status-log');
const speechLog = (page: Page) => page.getByTestId('speech-log');
const heading = (page: Page) => page.getByRole('heading', { level: 1 });

/** Presses Tab until `target` has focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, target: Locator, { back = false } = {}) {
  for (let presses = 0; presses < 40; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

async function press(page: Page, target: Locator, key = 'Enter') {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** axe finds nothing in the light and dark themes, with forced colours (high contrast), and with text at 300 %. */
/** Sets the appearance as Settings → Text and colours does, and waits until the page has applied it. */
async function look(page: Page, appearance: Pick<Appearance, 'theme' | 'textSize'>) {
  const set = await page.evaluate((a) => window.lumen.settings.update({ appearance: a }), appearance);
  expect(set.ok).toBe(true);
  await expect(page.locator('html')).toHaveAttribute('data-theme', appearance.theme);
  await expect.poll(() => page.evaluate(() => document.documentElement.style.fontSize)).toBe(`${appearance.textSize}%`);
}

/**
 * axe finds nothing in the light and dark themes, the high-contrast and yellow-on-black themes, with
 * forced colours, and with text at 300 %, which still fits a 1280-pixel window without sideways scrolling.
 */
async function axeEverywhere(page: Page, step: string) {
  const runs: Array<[string, () => Promise<void>]> = [
    ['light', () => page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' })],
    ['dark', () => page.emulateMedia({ colorScheme: 'dark', forcedColors: 'none' })],
    ['forced colours', () => page.emulateMedia({ colorScheme: 'light', forcedColors: 'active' })],
    [
      'high contrast',
      async () => {
        await page.emulateMedia({ colorScheme: 'light', forcedColors: 'none' });
        await look(page, { theme: 'high-contrast', textSize: 100 });
      }
    ],
    ['yellow on black', () => look(page, { theme: 'yellow-on-black', textSize: 100 })],
    ['300 % text', () => look(page, { theme: 'system', textSize: 300 })]
  ];
  for (const [name, apply] of runs) {
    await apply();
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    const found = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(found, `${step}, ${name}`).toEqual([]);
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  await look(page, { theme: 'system', textSize: 100 });
}

/** Does `action` and waits until the window's player starts playing something new. */
async function startsPlaying(page: Page, action: () => Promise<void>) {
  const before = (await playerDiagnostics(page)).lastStartAt;
  await action();
  await expect.poll(async () => (await playerDiagnostics(page)).lastStartAt, { timeout: LONG }).not.toBe(before);
}

/** The step's heading has focus and its name and place were announced. */
async function atStep(page: Page, position: number, title: string) {
  await expect(heading(page)).toHaveText(title);
  await expect(heading(page)).toBeFocused();
  await expect(page.getByText(`Step ${position} of 6`, { exact: true })).toBeVisible();
  await expect(polite(page)).toHaveText(`Step ${position} of 6: ${title}.`);
}

voiceTest.describe('the first-run setup', () => {
  voiceTest.describe.configure({ timeout: 240_000 });
  voiceTest.use({ firstRun: true, mic: [{ silenceMs: 300 }, 'question', { silenceMs: 120_000 }] });

  voiceTest(
    'from the keyboard alone: welcomed, every step done and announced, resumed after a reload, then home; a second start goes straight home',
    async ({ page, lumen, fake }) => {
      await page.goto(lumen.url);

      // 1. The key. The welcome is said in the offline voice before any key is set.
      await atStep(page, 1, 'Your OpenAI key');
      await expect(statusLog(page)).toContainText(WELCOME);
      await expect.poll(async () => (await playerDiagnostics(page)).lastStartAt, { timeout: LONG }).not.toBeNull();
      await axeEverywhere(page, 'key');
      await tabTo(page, page.getByLabel('OpenAI API key'));
      await page.keyboard.type(fake.apiKey);
      await page.keyboard.press('Enter');
      await expect(statusLog(page)).toContainText('The key works. Connected to', { timeout: LONG });
      await press(page, page.getByRole('button', { name: 'Continue', exact: true }));

      // 2. How Lumen speaks: each voice tried, the screen reader chosen.
      await atStep(page, 2, 'How Lumen speaks');
      await axeEverywhere(page, 'voice');
      const openai = page.getByRole('radio', { name: 'The OpenAI voice' });
      await expect(openai).toBeEnabled({ timeout: LONG });
      await startsPlaying(page, () => press(page, page.getByRole('button', { name: 'Try the offline voice' })));
      const asked = (text: string) => JSON.stringify(fake.realtimeEvents).includes(text);
      expect(asked('This is the offline voice')).toBe(false);
      await startsPlaying(page, () => press(page, page.getByRole('button', { name: 'Try the OpenAI voice' })));
      expect(asked('This is the OpenAI voice')).toBe(true);
      // Into the group (its chosen voice: automatic means the OpenAI voice with a working key), then down one.
      await tabTo(page, openai, { back: true });
      await expect(openai).toBeChecked();
      await page.keyboard.press('ArrowDown');
      await expect(polite(page)).toHaveText('Lumen will speak with your screen reader.');
      await expect(page.getByRole('radio', { name: 'My screen reader' })).toBeChecked();
      await press(page, page.getByRole('button', { name: 'Try your screen reader' }));
      await expect(speechLog(page)).toContainText('This is your screen reader speaking for Lumen.');
      await press(page, page.getByRole('button', { name: 'Continue', exact: true }));

      // 3. The microphone hears the fake one's recorded question; then another microphone is chosen.
      await atStep(page, 3, 'Say something');
      await axeEverywhere(page, 'microphone');
      // Half-way, the window is reloaded: setup reopens at this step, and the welcome is not said again.
      await page.reload();
      await atStep(page, 3, 'Say something');
      await page.waitForFunction(() => window.lumenDiagnostics?.player !== undefined);
      // Core would say the welcome as the player's stream opened, so before it answers this.
      await page.evaluate(() => window.lumen.app.ping({ nonce: 'after the player opened' }));
      await expect(statusLog(page)).not.toContainText(WELCOME);

      await press(page, page.getByRole('button', { name: 'Listen' }));
      await expect(polite(page)).toHaveText('Listening. Say something.');
      await expect(speechLog(page)).toContainText(HEARD, { timeout: LONG });
      await expect(page.getByTestId('microphone-result')).toHaveText(HEARD);
      await expect
        .poll(() => page.getByLabel('Microphone level').evaluate((m) => (m as HTMLMeterElement).value))
        .toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      await expect(polite(page)).toHaveText('Stopped listening.');
      await tabTo(page, page.getByLabel('Microphone', { exact: true }), { back: true });
      await page.keyboard.press('ArrowDown');
      await expect(polite(page)).toHaveText(/^Microphone chosen: .+\.$/);
      const microphone = await page.evaluate(() => window.lumen.settings.get());
      expect(microphone.ok && microphone.value.capture.microphoneId).not.toBe('');
      await press(page, page.getByRole('button', { name: 'Continue', exact: true }));

      // 4. The camera: one look through the capture guard; then the camera is chosen.
      await atStep(page, 4, 'Look through the camera');
      await axeEverywhere(page, 'camera');
      await press(page, page.getByRole('button', { name: 'Look' }));
      await expect(speechLog(page)).toContainText('The camera sees something.', { timeout: LONG });
      await expect(page.getByTestId('camera-result')).toHaveText('The camera sees something.');
      await tabTo(page, page.getByLabel('Camera', { exact: true }), { back: true });
      await page.keyboard.press('ArrowDown');
      await expect(polite(page)).toHaveText(/^Camera chosen: .+\.$/);
      await press(page, page.getByRole('button', { name: 'Continue', exact: true }));

      // 5. Hotkeys: a browser has no global ones (said), and a hotkey pressed here says its name.
      await atStep(page, 5, 'Hotkeys');
      await expect(page.getByText('in a browser they do not')).toBeVisible();
      await axeEverywhere(page, 'hotkeys');
      const practice = page.getByLabel('Press a hotkey here');
      await tabTo(page, practice);
      await page.keyboard.press('Control+Alt+Shift+KeyC');
      await expect(practice).toHaveValue('Describe camera');
      await expect(speechLog(page)).toContainText('Describe camera');
      await press(page, page.getByRole('button', { name: 'Continue', exact: true }));

      // 6. Spending: the suggested limit is changed and saved, and setup ends on the home screen.
      await atStep(page, 6, 'A monthly spending limit');
      await axeEverywhere(page, 'spending');
      const limit = page.getByLabel('Monthly spending limit, in US dollars');
      await expect(limit).toHaveValue('10');
      await tabTo(page, limit);
      await page.keyboard.press('Control+A');
      await page.keyboard.type('12.5');
      await page.keyboard.press('Enter');
      await expect(polite(page)).toHaveText(SETUP_DONE);
      await expect(page.getByRole('heading', { level: 1, name: 'Lumen' })).toBeFocused();
      const settings = await page.evaluate(() => window.lumen.settings.get());
      expect(settings.ok && settings.value.budget.monthlyLimitUsd).toBe(12.5);
      expect(settings.ok && settings.value.speech.provider).toBe('screen-reader');
      expect(JSON.parse(await readFile(join(lumen.dataDir, 'setup.json'), 'utf8'))).toEqual({
        done: true,
        step: 'spending',
        completed: ['key', 'voice', 'microphone', 'camera', 'hotkeys', 'spending'],
        greeted: true
      });

      // A second start of Lumen on the same folder opens on the home screen.
      await stop(lumen.process);
      const again = await startHost(fake, lumen.dataDir);
      try {
        await page.goto(again.url);
        await expect(page.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
        await expect(page.getByTestId('setup')).toHaveCount(0);
      } finally {
        await stop(again.process);
      }
    }
  );
});

test.describe('a key that fails the check', () => {
  test.use({ firstRun: true });

  test('is never kept silently: Lumen says why, and the user removes it or keeps it', async ({ page, lumen }) => {
    await page.goto(lumen.url);
    await atStep(page, 1, 'Your OpenAI key');
    const field = page.getByLabel('OpenAI API key');
    await tabTo(page, field);
    await page.keyboard.type('sk-not-the-right-key');
    await page.keyboard.press('Enter');
    const refused = page.getByRole('group', { name: /^The key did not work\./ });
    await expect(refused).toContainText('refused the API key', { timeout: LONG });
    await expect(statusLog(page)).toContainText('The key did not work.');
    await expect(statusLog(page)).toContainText('You can keep it or remove it.');

    await press(page, refused.getByRole('button', { name: 'Remove the key' }));
    await expect(field).toBeFocused();
    await expect(page.getByTestId('key-status')).toHaveText('No API key is set.');
    const removed = await page.evaluate(() => window.lumen.secrets.status());
    expect(removed.ok && removed.value.keySet).toBe(false);

    // Kept on purpose: the user hears it is kept, and setup goes on with it.
    await page.keyboard.type('sk-also-not-right');
    await page.keyboard.press('Enter');
    await press(page, refused.getByRole('button', { name: 'Keep the key' }));
    await atStep(page, 2, 'How Lumen speaks');
    const kept = await page.evaluate(() => window.lumen.secrets.status());
    expect(kept.ok && kept.value.keySet).toBe(true);
    // With no working key, the OpenAI voice cannot be chosen.
    await expect(page.getByRole('radio', { name: 'The OpenAI voice' })).toBeDisabled();
  });

  test('"Continue without a key" says what needs one and what works offline', async ({ page, lumen }) => {
    await page.goto(lumen.url);
    await atStep(page, 1, 'Your OpenAI key');
    await press(page, page.getByRole('button', { name: 'Continue without a key' }));
    await atStep(page, 2, 'How Lumen speaks');
    await expect(statusLog(page)).toContainText('Reading text aloud works offline.');
    await expect(page.getByRole('radio', { name: 'The offline voice' })).toBeChecked();
  });
});

voiceTest.describe('a microphone that hears nothing', () => {
  voiceTest.use({ firstRun: true, mic: [{ silenceMs: 120_000 }] });

  voiceTest('is said after a few seconds of silence', async ({ page, lumen }) => {
    await page.goto(lumen.url);
    await atStep(page, 1, 'Your OpenAI key');
    await press(page, page.getByRole('button', { name: 'Continue without a key' }));
    await atStep(page, 2, 'How Lumen speaks');
    await press(page, page.getByRole('button', { name: 'Skip this step' }));
    await atStep(page, 3, 'Say something');
    await press(page, page.getByRole('button', { name: 'Listen' }));
    await expect(polite(page)).toHaveText('Listening. Say something.');
    await expect(page.getByTestId('microphone-result')).toHaveText('I hear nothing; check the microphone.', {
      timeout: LONG
    });
    await expect(statusLog(page)).toContainText('I hear nothing; check the microphone.');
  });
});

test.describe('a computer with no microphone and no camera', () => {
  test.use({ firstRun: true });

  test('each is said, and setup carries on', async ({ lumen }) => {
    // Chromium without its fake devices: no microphone or camera at all.
    const browser = await chromium.launch({
      executablePath: findChromium().executablePath,
      args: CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-device-for-media-stream')
    });
    try {
      const page = await browser.newPage();
      await page.goto(lumen.url);
      await atStep(page, 1, 'Your OpenAI key');
      await press(page, page.getByRole('button', { name: 'Continue without a key' }));
      await press(page, page.getByRole('button', { name: 'Skip this step' }));
      await atStep(page, 3, 'Say something');
      await press(page, page.getByRole('button', { name: 'Listen' }));
      await expect(statusLog(page)).toContainText(
        'No microphone was found. Connect one and try again. You can go on to the next step.'
      );
      await expect(page.getByRole('button', { name: 'Listen' })).toHaveAttribute('aria-pressed', 'false');
      await press(page, page.getByRole('button', { name: 'Continue', exact: true }));

      await atStep(page, 4, 'Look through the camera');
      await press(page, page.getByRole('button', { name: 'Look' }));
      await expect(statusLog(page)).toContainText(
        'No camera was found. Connect a camera and try again. You can go on to the next step.'
      );
      await press(page, page.getByRole('button', { name: 'Skip this step' }));
      await atStep(page, 5, 'Hotkeys');
    } finally {
      await browser.close();
    }
  });
});

test('"Run setup again" in Settings opens setup at its first step; skipping every step comes back home', async ({
  app
}) => {
  await openSettings(app, 'Setup');
  await press(app, app.getByRole('button', { name: 'Run setup again' }));
  await atStep(app, 1, 'Your OpenAI key');
  await press(app, app.getByRole('button', { name: 'Continue without a key' }));
  const steps = ['How Lumen speaks', 'Say something', 'Look through the camera', 'Hotkeys', 'A monthly spending limit'];
  for (const [i, title] of steps.entries()) {
    await atStep(app, i + 2, title);
    await press(app, app.getByRole('button', { name: 'Skip this step' }));
  }
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeFocused();
  await expect(polite(app)).toHaveText(SETUP_DONE);
});
