import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { WatchStatus } from '../../src/shared/contract';
import { darkShare, sentJpeg } from '../private-screen';
import { DIALOG, DIALOG_LAYOUT, DOWNLOAD_STEPS, type DialogState } from '../progress-dialog';
import { expect, test } from './fixtures';
import { stubScreen } from './screen-stub';

/*
 * Watching the screen in Chromium: the shared screen is a progress dialog whose text the test changes;
 * the page keeps the capture open and sends frames, core says what is new.
 */

/** The shared screen: the progress dialog, in whatever state the test last set (`window.dialogState`). */
const dialogScreen = (app: Page, first: DialogState, name?: string) =>
  stubScreen(
    app,
    { width: DIALOG.width, height: DIALOG.height, data: { fontPx: DIALOG.fontPx, layout: DIALOG_LAYOUT, first }, name },
    (c, width, height, d) => {
      const state = (window as unknown as { dialogState?: DialogState }).dialogState ?? d.first;
      const { layout, fontPx } = d;
      c.fillStyle = '#fafafa';
      c.fillRect(0, 0, width, height);
      c.fillStyle = '#111111';
      c.font = `${fontPx}px "DejaVu Sans"`;
      c.textBaseline = 'alphabetic';
      c.fillText(state.title, layout.title.x, layout.title.y + fontPx);
      c.fillText(state.status, layout.status.x, layout.status.y + fontPx);
      if (state.card) {
        c.fillText(layout.cardLabel.text, layout.cardLabel.x, layout.cardLabel.y + fontPx);
        c.fillText(layout.card.text, layout.card.x, layout.card.y + fontPx);
      }
      const { bar } = layout;
      c.fillStyle = '#dddddd';
      c.fillRect(bar.x, bar.y, bar.width, bar.height);
      c.fillStyle = '#22aa66';
      c.fillRect(bar.x, bar.y, Math.round(bar.width * state.progress), bar.height);
    }
  );

const show = (app: Page, state: DialogState) =>
  app.evaluate((s) => ((window as unknown as { dialogState?: DialogState }).dialogState = s), state);

/** Resolves once core has looked at `frames` frames of the first watch (its first one read as the baseline). */
const looked = (app: Page, frames: number) =>
  app.evaluate(
    (least) =>
      new Promise<void>((resolve) => {
        const off = window.lumen.on('watch.state', ({ watches }: { watches: WatchStatus[] }) => {
          if ((watches[0]?.frames ?? 0) >= least) {
            off();
            resolve();
          }
        });
      }),
    frames
  );

/** Starts watching the whole shared screen as a region, chosen on the keypad grid's dialog with Enter. */
async function watchRegion(app: Page, started = 'Watching Region 1.') {
  await app.getByRole('button', { name: 'Watch a region' }).click();
  const chooser = app.getByRole('dialog', { name: 'Choose a region' });
  await expect(chooser).toBeVisible();
  await expect(app.getByTestId('live-polite')).toContainText('Enter watches it.');
  await app.keyboard.press('Enter');
  await expect(chooser).toBeHidden();
  await expect(app.getByTestId('status-log')).toContainText(started);
  await looked(app, 2);
}

const chats = (fake: { requests: ReadonlyArray<{ path: string; body: unknown }> }) =>
  fake.requests.filter((r) => r.path === '/v1/chat/completions');

test('a watched region says the new text of each change, read offline, with no key and no request', async ({
  app,
  fake
}) => {
  await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  await dialogScreen(app, DOWNLOAD_STEPS[0]!);
  await watchRegion(app);
  const said = app.getByTestId('speech-log');
  for (const step of DOWNLOAD_STEPS.slice(1)) {
    await show(app, step);
    // Offline text reading of a whole screen takes seconds on a busy machine.
    // The speech log keeps each sentence apart: the first new line is enough.
    await expect(said).toContainText(`New text: ${step.title === 'Download complete' ? step.title : step.status}.`, {
      timeout: 30_000
    });
  }
  await expect(said.getByText(/^New text:/)).toHaveCount(3);
  await expect(app.getByTestId('watch-list')).toContainText('Region 1: a region, 3 changes, read offline.');
  expect(fake.requests).toEqual([]);

  const results = await new AxeBuilder({ page: app })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);

  // Stopped from the keyboard: the capture ends, and that is said.
  await app.getByRole('button', { name: 'Stop watching Region 1' }).focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('status-log')).toContainText('Stopped watching Region 1.');
  await expect(app.getByTestId('watch-list')).toHaveText('No watches running.');
});

test('with "describe changes", each change is described once, its card number blacked out before it is sent', async ({
  app,
  fake
}) => {
  // Each change is read twice offline (its new text, then the shield), on a machine shared with other tests.
  test.slow();
  expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
  await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  const steps = DOWNLOAD_STEPS.map((step) => ({ ...step, card: true }));
  await dialogScreen(app, steps[0]!);
  await app.getByRole('checkbox', { name: 'Describe changes' }).check();
  await app.getByRole('textbox', { name: 'Name of the next watch (optional)' }).fill('Downloads');
  await watchRegion(app, 'Watching Downloads. Lumen reads new text and describes each change.');
  const said = app.getByTestId('speech-log');
  const seen = new Set<unknown>();
  for (const step of steps.slice(1)) {
    await show(app, step);
    // The shield reads the picture offline before it goes: seconds on a busy machine.
    seen.add(await fake.waitFor((r) => r.path === '/v1/chat/completions' && !seen.has(r), 30_000));
    await expect(said).toContainText(step.status, { timeout: 30_000 });
  }
  await expect(app.getByTestId('watch-list')).toContainText(/Downloads: a region, 3 changes, 3 described/);
  expect(chats(fake)).toHaveLength(3);
  for (const chat of chats(fake)) {
    const jpeg = sentJpeg(chat.body)!;
    expect(await darkShare(jpeg, DIALOG_LAYOUT.card)).toBeGreaterThan(0.95);
    expect(await darkShare(jpeg, DIALOG_LAYOUT.cardLabel)).toBeLessThan(0.5);
  }
});

test('a window on the deny list is not watched, and Lumen says why', async ({ app, fake }) => {
  await dialogScreen(app, DOWNLOAD_STEPS[0]!, 'Vault — Bitwarden');
  await app.getByRole('button', { name: 'Watch this window' }).click();
  await expect(app.getByTestId('live-assertive')).toContainText('That window is on the deny list (Bitwarden)');
  await expect(app.getByTestId('watch-list')).toHaveText('No watches running.');
  expect(fake.requests).toEqual([]);
});
