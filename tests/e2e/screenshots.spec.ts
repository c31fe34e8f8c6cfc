import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, test, watchAnswers } from './fixtures';

/*
 * The pictures of Lumen in the README are taken here, by every test run, so they always show the app
 * as it is. Each is also a check that the screen it shows renders.
 */

const SHOTS = join(ROOT, 'docs', 'screenshots');
const VIEW = { width: 1280, height: 800 };
const ANSWER =
  'A red mug stands on a wooden desk, to the left of an open laptop. Behind it, a window with the blind half down; the lamp on the right is off.';

async function answerOnHome(page: Page, apiKey: string) {
  expect((await page.evaluate((key) => window.lumen.secrets.setKey({ key }), apiKey)).ok).toBe(true);
  expect((await page.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }))).ok).toBe(
    true
  );
  await page.reload();
  const answers = await watchAnswers(page);
  await page.getByRole('button', { name: 'Describe camera' }).click();
  await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(1);
  await expect(page.getByTestId('answer-text')).toHaveText(ANSWER);
}

test.beforeAll(() => mkdir(SHOTS, { recursive: true }));

test('the home screen, with an answer', async ({ app, fake }) => {
  await app.setViewportSize(VIEW);
  fake.setReply(ANSWER);
  await answerOnHome(app, fake.apiKey);
  await app.screenshot({ path: join(SHOTS, 'home.png'), fullPage: true });
});

test('large print: the answer at 300 % in yellow on black', async ({ app, fake }) => {
  await app.setViewportSize(VIEW);
  fake.setReply(ANSWER);
  await answerOnHome(app, fake.apiKey);
  const set = await app.evaluate(() =>
    window.lumen.settings.update({ appearance: { textSize: 300, theme: 'yellow-on-black' } })
  );
  expect(set.ok).toBe(true);
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'yellow-on-black');
  await app.getByTestId('answer-text').scrollIntoViewIfNeeded();
  await app.screenshot({ path: join(SHOTS, 'large-print.png') });
});

test.describe('first run', () => {
  test.use({ firstRun: true });
  test('the setup, at its first step', async ({ page, lumen }) => {
    await page.setViewportSize(VIEW);
    await page.goto(lumen.url);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your OpenAI key');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await page.screenshot({ path: join(SHOTS, 'setup.png'), fullPage: true });
  });
});
