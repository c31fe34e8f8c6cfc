import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { expect, openSettings, test } from './fixtures';
import { stubScreen } from './screen-stub';

/*
 * Reading screen text and moving through it with the keyboard alone, in Chromium through the web
 * host. The "screen" is a canvas of known text handed out by a stubbed getDisplayMedia; Lumen speaks
 * through "my screen reader", so what it says is the speech log's text.
 */

// Text recognition on a warm worker takes seconds on a busy 2-core machine; two reads per test.
test.describe.configure({ timeout: 180_000 });

const LINES = ['Invoice 1042 is due on Friday.', 'Please pay by bank transfer.', 'Thank you for your order.'];
const CORNER = 'Total due 42 EUR';

async function knownScreen(app: Page) {
  await stubScreen(
    app,
    { width: 1280, height: 720, data: { lines: LINES, corner: CORNER } },
    (c, width, height, text) => {
      c.fillStyle = '#ffffff';
      c.fillRect(0, 0, width, height);
      c.fillStyle = '#111111';
      c.font = '28px "DejaVu Sans"';
      c.fillText(text.lines[0]!, 80, 120);
      c.fillText(text.lines[1]!, 80, 170);
      c.fillText(text.lines[2]!, 80, 320);
      // Alone in the bottom-right ninth of the screen (the region selector's key 3).
      c.fillText(text.corner, 920, 640);
    }
  );
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  const voice = await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  expect(voice.ok).toBe(true);
}

/** Presses Tab until `target` has focus: proves it is reachable from the keyboard. */
async function tabTo(app: Page, target: Locator) {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await app.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the element');
}

/** What Lumen says after pressing `key`: the speech log's new entries, joined. */
async function pressAndHear(app: Page, key: string, expected: string | RegExp) {
  const log = app.getByTestId('speech-log').locator('p');
  const before = await log.count();
  await app.keyboard.press(key);
  await expect
    .poll(async () => (await log.allTextContents()).slice(before).join(' '), { message: `after ${key}` })
    .toMatch(typeof expected === 'string' ? new RegExp(`^${escape(expected)}$`) : expected);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('read the screen, then move through it by line, paragraph and word, spell and ask where, by keyboard alone', async ({
  app,
  fake
}) => {
  await knownScreen(app);
  const reader = app.getByRole('application', { name: 'Text reader' });
  const log = app.getByTestId('speech-log');

  // Before anything was read, a move says politely what to do.
  await tabTo(app, reader);
  await pressAndHear(app, 'ArrowDown', /^Read some text first/);
  await expect(app.getByTestId('status-log')).toContainText('Read some text first');

  await tabTo(app, app.getByRole('button', { name: 'Read screen text' }));
  await app.keyboard.press('Enter');
  await expect(log).toContainText(CORNER, { timeout: 30_000 });
  await expect(app.getByTestId('live-polite')).toHaveText('Read 4 lines. The text reader moves through them.');
  await expect(app.getByTestId('reading-position')).toHaveText('Line 1 of 4.');

  await tabTo(app, reader);
  await expect(reader).toBeFocused();
  expect(await reader.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  await pressAndHear(app, 'ArrowDown', LINES[1]!);
  await expect(app.getByTestId('reading-position')).toHaveText('Line 2 of 4.');
  await expect(app.getByTestId('reading-current')).toHaveText(LINES[1]!);
  await pressAndHear(app, 'Control+ArrowDown', LINES[2]!);
  await pressAndHear(app, 'ArrowUp', LINES[1]!);
  await pressAndHear(app, 'Control+ArrowUp', LINES[0]!);
  await pressAndHear(app, 'ArrowDown', LINES[1]!);
  await pressAndHear(app, 'ArrowRight', 'pay');
  await pressAndHear(app, 's', 'p, a, y');
  await pressAndHear(app, 'ArrowLeft', 'Please');
  await pressAndHear(app, 'ArrowLeft', 'Friday.');
  await pressAndHear(app, 'w', /^Top left of the screen, at (9|10|11) o'clock\.$/);
  await pressAndHear(app, 'r', LINES[0]!);
  await pressAndHear(app, 'PageDown', LINES[2]!);
  await pressAndHear(app, 'PageDown', CORNER);
  await pressAndHear(app, 'ArrowDown', 'End of the text.');
  await pressAndHear(app, 'Enter', CORNER);

  // The same moves as buttons.
  await tabTo(app, app.getByRole('button', { name: 'Previous paragraph' }));
  await pressAndHear(app, 'Enter', LINES[2]!);

  expect(await axe(app)).toEqual([]);
  expect(fake.requests).toEqual([]);
});

test('read a region chosen with the keyboard; "where" places it on the whole screen', async ({ app, fake }) => {
  await knownScreen(app);
  await tabTo(app, app.getByRole('button', { name: 'Read text in a region' }));
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog', { name: 'Choose a region' });
  await expect(dialog).toBeVisible();
  await expect(app.getByTestId('live-polite')).toContainText('Enter reads its text.');
  expect(await axe(app)).toEqual([]);
  await app.keyboard.press('3');
  await expect(app.getByTestId('region-path')).toHaveText('Zoomed into 3.');
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(app.getByTestId('speech-log')).toContainText(CORNER, { timeout: 30_000 });
  await expect(app.getByTestId('live-polite')).toHaveText('Read 1 line. The text reader moves through them.');
  await expect(app.getByTestId('speech-log')).not.toContainText(LINES[0]!);

  await tabTo(app, app.getByRole('application', { name: 'Text reader' }));
  await pressAndHear(app, 'w', /^Bottom right of the screen, at [345] o'clock\.$/);
  await pressAndHear(app, 's', /^capital T, o, t, a, l$/);
  expect(fake.requests).toEqual([]);
});

test('the reading language is chosen in Settings; a missing language pack is named with the installed ones', async ({
  app
}) => {
  await knownScreen(app);
  await openSettings(app, 'Reading');
  const language = app.getByLabel('Language of screen text');
  await expect(language).toHaveValue('eng');
  await expect(language.locator('option').first()).toHaveText('English (eng)');
  await tabTo(app, app.getByRole('button', { name: 'Save reading settings' }));
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('live-polite')).toHaveText(
    'Reading settings saved. Screen text is read in English (eng).'
  );
  expect(await axe(app)).toEqual([]);

  // A language chosen earlier whose package has since gone: said plainly, with what is installed.
  expect((await app.evaluate(() => window.lumen.settings.update({ reading: { language: 'deu' } }))).ok).toBe(true);
  await app.reload();
  await openSettings(app, 'Reading');
  await expect(app.getByLabel('Language of screen text')).toHaveValue('deu');
  await expect(app.getByLabel('Language of screen text').locator('option:checked')).toHaveText('deu (not installed)');
  await app.getByRole('button', { name: 'Home', exact: true }).click();
  await tabTo(app, app.getByRole('button', { name: 'Read screen text' }));
  await app.keyboard.press('Enter');
  const said = app.getByTestId('speech-log').locator('p');
  await expect
    .poll(async () => (await said.allTextContents()).join(' '), { timeout: 30_000 })
    .toBe(
      'Text reading in German (deu) is not installed. Installed: English (eng). ' +
        'To add it, install the package @tesseract.js-data/deu.'
    );
  await expect(app.getByTestId('status-log')).toContainText('Text reading in German (deu) is not installed.');
});
