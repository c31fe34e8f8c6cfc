import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { WS_PATH } from '../../src/host/web/frames';
import { expect, ROOT, test } from './fixtures';

/*
 * The update notice in the real page, against the real web host. Only Electron's updater can find an
 * update, and no Electron runs here, so the test plays the updater's part on the page's socket: it
 * passes everything through to the host, adds the update.state events, and answers the page's
 * update.download and update.install itself, keeping what the page asked.
 */

interface Asked {
  channel: string;
}

async function openWithUpdater(page: Page, url: string) {
  const asked: Asked[] = [];
  let toPage: ((message: object) => void) | undefined;
  await page.routeWebSocket(new RegExp(`${WS_PATH}$`), (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const parsed = typeof message === 'string' ? JSON.parse(message) : undefined;
      if (parsed?.t === 'invoke' && (parsed.channel === 'update.download' || parsed.channel === 'update.install')) {
        asked.push({ channel: parsed.channel });
        const value = parsed.channel === 'update.install' ? {} : { state: 'downloading', version: '1.2.0', percent: 0 };
        ws.send(JSON.stringify({ t: 'reply', id: parsed.id, result: { ok: true, value } }));
        return;
      }
      server.send(message);
    });
    toPage = (message) => ws.send(JSON.stringify(message));
  });
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  await expect.poll(() => toPage !== undefined).toBe(true);
  const update = (payload: object) => toPage!({ t: 'event', channel: 'update.state', payload });
  return { asked, update };
}

test('an update ready to install: a labelled notice, axe-clean on the page, that restarts to install from the keyboard', async ({
  page,
  lumen
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { asked, update } = await openWithUpdater(page, lumen.url);
  await expect(page.getByTestId('update-notice')).toHaveCount(0);

  update({ state: 'ready', version: '1.2.0' });
  const notice = page.getByRole('region', { name: 'Update' });
  await expect(notice).toContainText('Lumen 1.2.0 is ready to install.');
  const violations = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(violations.violations.map((v) => v.id)).toEqual([]);

  // From "Recent messages" below it, one Shift+Tab reaches the button, which shows its focus.
  const restart = notice.getByRole('button', { name: 'Restart to install' });
  await page.getByRole('heading', { name: 'Recent messages' }).evaluate((h: HTMLElement) => {
    h.tabIndex = -1;
    h.focus();
  });
  await page.keyboard.press('Shift+Tab');
  await expect(restart).toBeFocused();
  await notice.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'update-notice.png') });

  await page.keyboard.press('Enter');
  await expect.poll(() => asked.map((a) => a.channel)).toEqual(['update.install']);
});

test('an update found on an ordinary connection is downloaded without asking', async ({ page, lumen }) => {
  const { asked, update } = await openWithUpdater(page, lumen.url);
  update({ state: 'available', version: '1.2.0', bytes: 52_000_000 });
  await expect.poll(() => asked.map((a) => a.channel)).toEqual(['update.download']);
  await expect(page.getByTestId('update-notice')).toHaveCount(0);
});

test('on a metered connection, an update found is not downloaded until the user says so', async ({ page, lumen }) => {
  await page.addInitScript(() =>
    Object.defineProperty(navigator, 'connection', { value: { saveData: true, type: 'wifi' } })
  );
  const { asked, update } = await openWithUpdater(page, lumen.url);
  update({ state: 'available', version: '1.2.0', bytes: 52_000_000 });
  const notice = page.getByRole('region', { name: 'Update' });
  await expect(notice).toContainText('Lumen 1.2.0 is available (52 MB). You seem to be on a metered connection');
  await expect(page.getByTestId('live-polite')).toHaveText(
    'Lumen 1.2.0 is available. You seem to be on a metered connection, so it was not downloaded.'
  );
  // Had the page downloaded on its own, its request would have gone ahead of the one the click sends.
  await notice.getByRole('button', { name: 'Download the update' }).click();
  await expect.poll(() => asked.map((a) => a.channel)).toEqual(['update.download']);
});
