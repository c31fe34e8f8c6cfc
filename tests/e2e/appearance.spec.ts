import AxeBuilder from '@axe-core/playwright';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Appearance } from '../../src/shared/settings';
import { SETTINGS_PAGES } from '../../src/renderer/src/screens/settings-pages';
import { expect, openSettings, ROOT, startAndWaitFor, stop, test, watchAnswers } from './fixtures';
import type { FakeOpenAI } from '../fakes/openai';

const WIDE = { width: 1280, height: 800 };
const LONG_WORD = 'Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft';
const LONG_URL = `https://example.test/${'a-very-long-path-segment/'.repeat(8)}index.html?query=${'x'.repeat(60)}`;
const LONG_ANSWER = `${'A mug of tea on a wooden desk, beside an open laptop. '.repeat(6)}The sign says ${LONG_WORD}; the screen shows ${LONG_URL}.`;

/** The strong themes promise AAA contrast, so axe checks that too there. */
async function axe(page: Page, { aaa = false } = {}) {
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice', ...(aaa ? ['wcag2aaa'] : [])];
  const results = await new AxeBuilder({ page }).withTags(tags).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** What the page applied to <html>: the size and spacing it set, and the theme. */
const applied = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    return { fontSize: root.style.fontSize, lineHeight: root.style.lineHeight, theme: root.dataset.theme };
  });

/** Changes the appearance as another window would; the page follows settings.changed. */
async function setAppearance(page: Page, appearance: Partial<Appearance>) {
  const result = await page.evaluate((a) => window.lumen.settings.update({ appearance: a }), appearance);
  expect(result.ok).toBe(true);
  if (appearance.theme) await expect(page.locator('html')).toHaveAttribute('data-theme', appearance.theme);
  if (appearance.textSize)
    await expect.poll(() => applied(page)).toMatchObject({ fontSize: `${appearance.textSize}%` });
}

/** A key, the screen reader as the voice, and a long answer with a long word and a long address on the home screen. */
async function showLongAnswer(page: Page, fake: FakeOpenAI) {
  expect((await page.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
  expect((await page.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }))).ok).toBe(
    true
  );
  fake.setReply(LONG_ANSWER);
  const answers = await watchAnswers(page);
  await page.getByRole('button', { name: 'Home', exact: true }).click();
  await page.getByLabel('Question').fill('What is on my desk?');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(1);
  await expect(page.getByTestId('answer-text')).toHaveText(LONG_ANSWER);
}

test('400 % text from Settings: said, applied to every page with no sideways scrolling, and kept after a reload', async ({
  app,
  fake
}) => {
  await app.setViewportSize(WIDE);
  await openSettings(app, 'Text and colours');
  await app.getByLabel('Text size', { exact: true }).selectOption('400');
  await expect(app.getByTestId('live-polite')).toHaveText('Text size 400 %.');
  await app.getByLabel('Line spacing', { exact: true }).selectOption('2');
  await expect(app.getByTestId('live-polite')).toHaveText('Line spacing 2.');
  expect(await applied(app)).toEqual({ fontSize: '400%', lineHeight: '2', theme: 'system' });
  expect(await app.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('64px');

  await showLongAnswer(app, fake);
  const answer = app.getByTestId('answer-text');
  // Half as large again as the rest, 400 % of 16 px.
  expect(await answer.evaluate((el) => getComputedStyle(el).fontSize)).toBe('96px');
  expect(await answer.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  expect(await scrollsSideways(app)).toBe(false);

  for (const name of Object.values(SETTINGS_PAGES)) {
    await openSettings(app, name);
    expect(await scrollsSideways(app), name).toBe(false);
  }
  await app.getByRole('button', { name: 'Keys', exact: true }).click();
  expect(await scrollsSideways(app), 'Keys').toBe(false);

  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  await expect.poll(() => applied(app)).toEqual({ fontSize: '400%', lineHeight: '2', theme: 'system' });
  await openSettings(app, 'Text and colours');
  await expect(app.getByLabel('Text size', { exact: true })).toHaveValue('400');
  await expect(app.getByLabel('Line spacing', { exact: true })).toHaveValue('2');
});

test('a colour theme chosen in Settings is said, applied at once and kept after a reload', async ({ app }) => {
  await app.emulateMedia({ colorScheme: 'light' });
  await openSettings(app, 'Text and colours');
  const colours = app.getByLabel('Colours', { exact: true });
  await colours.focus();
  // From the keyboard: the arrow keys move through the themes, each applied as it is reached.
  await app.keyboard.press('ArrowDown');
  await expect(app.getByTestId('live-polite')).toHaveText('Colours: Light.');
  for (const [name, said] of [
    ['dark', 'Dark'],
    ['high-contrast', 'High contrast'],
    ['yellow-on-black', 'Yellow on black']
  ]) {
    await app.keyboard.press('ArrowDown');
    await expect(app.getByTestId('live-polite')).toHaveText(`Colours: ${said}.`);
    await expect(app.locator('html')).toHaveAttribute('data-theme', name!);
  }
  const body = () =>
    app.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { color: style.color, background: style.backgroundColor };
    });
  expect(await body()).toEqual({ color: 'rgb(255, 255, 0)', background: 'rgb(0, 0, 0)' });

  await app.reload();
  await expect(app.locator('html')).toHaveAttribute('data-theme', 'yellow-on-black');
  expect(await body()).toEqual({ color: 'rgb(255, 255, 0)', background: 'rgb(0, 0, 0)' });
});

/** Each look the page is checked in: a theme with the computer set light or dark, 300 % text, forced colours. */
const LOOKS: Array<{ name: string; aaa?: boolean; apply(page: Page): Promise<void> }> = [
  // Chosen light and dark win over the computer's setting.
  { name: 'light, computer dark', apply: (p) => theme(p, 'light', 'dark', 'rgb(255, 255, 255)') },
  { name: 'dark, computer light', apply: (p) => theme(p, 'dark', 'light', 'rgb(18, 18, 18)') },
  {
    name: 'high contrast, computer light',
    aaa: true,
    apply: (p) => theme(p, 'high-contrast', 'light', 'rgb(255, 255, 255)')
  },
  { name: 'high contrast, computer dark', aaa: true, apply: (p) => theme(p, 'high-contrast', 'dark', 'rgb(0, 0, 0)') },
  { name: 'yellow on black', aaa: true, apply: (p) => theme(p, 'yellow-on-black', 'light', 'rgb(0, 0, 0)') },
  { name: '300 % text', apply: (p) => setAppearance(p, { theme: 'system', textSize: 300 }) },
  {
    name: 'forced colours over yellow on black',
    apply: async (p) => {
      await setAppearance(p, { theme: 'yellow-on-black', textSize: 100 });
      await p.emulateMedia({ forcedColors: 'active', colorScheme: 'light' });
      // Forced colours replace every theme's colours, the yellow one too.
      expect(await p.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(0, 0, 0)');
    }
  }
];

async function theme(page: Page, chosen: Appearance['theme'], computer: 'light' | 'dark', background: string) {
  await page.emulateMedia({ colorScheme: computer, forcedColors: 'none' });
  await setAppearance(page, { theme: chosen });
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(background);
}

test('home, with an answer, is axe-clean in every theme, at 300 % text and in forced colours', async ({
  app,
  fake
}) => {
  test.setTimeout(120_000);
  await app.setViewportSize(WIDE);
  await showLongAnswer(app, fake);
  for (const look of LOOKS) {
    await look.apply(app);
    expect(await axe(app, look), look.name).toEqual([]);
  }
  expect(await scrollsSideways(app)).toBe(false);
});

test('the Text and colours page is axe-clean in every theme, at 300 % text and in forced colours', async ({ app }) => {
  test.setTimeout(120_000);
  await app.setViewportSize(WIDE);
  await openSettings(app, 'Text and colours');
  for (const look of LOOKS) {
    await look.apply(app);
    expect(await axe(app, look), look.name).toEqual([]);
  }
});

/** Starts the web host again on the same data folder, as the next launch of Lumen would. */
async function startAgain(dataDir: string, fake: FakeOpenAI) {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_BASE_URL: fake.baseURL };
  delete env.OPENAI_API_KEY;
  const { child, match } = await startAndWaitFor(
    process.execPath,
    [join(ROOT, 'out/web/index.mjs'), '--data-dir', dataDir],
    env,
    /Lumen web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n/
  );
  return { child, url: match[1]! };
}

test('a theme saved by a newer Lumen falls back to the computer’s colours, said once; nothing else is lost', async ({
  app,
  fake,
  lumen
}) => {
  await setAppearance(app, { textSize: 250 });
  const saved = await app.evaluate(() => window.lumen.settings.get());
  if (!saved.ok) throw new Error(saved.error.message);
  await stop(lumen.process);
  const { speech, appearance } = saved.value;
  const newer = { ...saved.value, speech: { ...speech, rate: 1.5 }, appearance: { ...appearance, theme: 'sepia' } };
  await writeFile(join(lumen.dataDir, 'settings.json'), JSON.stringify(newer));
  const { child, url } = await startAgain(lumen.dataDir, fake);
  try {
    await app.goto(url);
    const notice = 'Some saved settings could not be read and were set back to their defaults: appearance theme.';
    await expect(app.getByTestId('status-log').getByText(notice)).toHaveCount(1);
    await expect(app.getByTestId('live-assertive')).toHaveText(notice);
    await expect.poll(() => applied(app)).toEqual({ fontSize: '250%', lineHeight: '1.5', theme: 'system' });
    const now = await app.evaluate(() => window.lumen.settings.get());
    expect(now.ok && now.value.speech.rate).toBe(1.5);
  } finally {
    await stop(child);
  }
});
