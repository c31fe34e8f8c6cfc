import AxeBuilder from '@axe-core/playwright';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openSettings, test } from './fixtures';

/** A key, and no shield or voice: neither is what these tests are about, and both take time. */
async function useKey(app: Page, key: string) {
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key)).ok).toBe(true);
  const quick = { privacy: { shield: 'off' as const }, speech: { provider: 'screen-reader' as const } };
  expect((await app.evaluate((patch) => window.lumen.settings.update(patch), quick)).ok).toBe(true);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false
  );

/**
 * Describes the camera and waits for that describe to end: its answer.done, or Lumen saying the
 * spending limit kept it from being sent. (Waiting for the shown answer to be not busy would pass at
 * once on the previous answer.) Returns the answer's text, if there was one.
 */
async function describeCamera(app: Page): Promise<string | undefined> {
  await app.getByRole('button', { name: 'Home', exact: true }).click();
  const ends = () =>
    app.evaluate(() => {
      const w = window as unknown as { describeEnds?: Array<string | null> };
      if (!w.describeEnds) {
        const ends: Array<string | null> = (w.describeEnds = []);
        window.lumen.on('answer.done', ({ text }) => ends.push(text));
        window.lumen.on('status', ({ text }) => text.includes('spending limit') && ends.push(null));
      }
      return w.describeEnds;
    });
  const before = (await ends()).length;
  await app.getByRole('button', { name: 'Describe camera' }).click();
  await expect.poll(async () => (await ends()).length, { timeout: 30_000 }).toBeGreaterThan(before);
  return (await ends()).slice(before).find((text) => text !== null) ?? undefined;
}

test('the history: off by default, kept encrypted when on, and "forget everything" deletes it and its key', async ({
  app,
  fake,
  lumen
}) => {
  await useKey(app, fake.apiKey);
  await openSettings(app, 'History');
  await expect(app.getByText('The history is off: nothing you ask or see is kept.')).toBeVisible();
  await openSettings(app, 'Privacy');
  const keep = app.getByRole('checkbox', { name: 'Keep a history of questions and answers' });
  await expect(keep).not.toBeChecked();
  await keep.check();
  await app.getByRole('button', { name: 'Save privacy settings' }).click();
  await expect(app.getByTestId('live-polite')).toHaveText('Privacy settings saved.');
  await openSettings(app, 'History');
  await expect(app.getByText('The history is on, and empty.')).toBeVisible();

  const answer = (await describeCamera(app))!.trim();
  expect(answer).toContain('×');
  await openSettings(app, 'History');
  const list = app.getByRole('list', { name: 'History, 1 entry, newest first' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Camera,');
  await expect(list).toContainText('Describe what the camera sees.');
  await expect(list).toContainText(answer.slice(0, 40));

  // On disk: sealed, with its key in a separate file only the owner can read.
  const recordPath = join(lumen.dataDir, 'history.json');
  const keyPath = join(lumen.dataDir, 'history-key');
  await expect.poll(() => exists(recordPath)).toBe(true);
  const record = await readFile(recordPath, 'utf8');
  expect(record).toContain('lumen-history-1');
  expect(record).not.toContain(answer.slice(0, 20));
  expect(record).not.toContain('camera');
  expect((await stat(keyPath)).mode & 0o777).toBe(0o600);

  await app.getByRole('button', { name: 'Forget everything…' }).click();
  const confirm = app.getByRole('button', { name: 'Yes, forget everything' });
  await expect(confirm).toBeFocused();
  expect((await new AxeBuilder({ page: app }).analyze()).violations).toEqual([]);
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('status-log')).toContainText('Everything Lumen remembered is forgotten');
  await expect(app.getByRole('button', { name: 'Forget everything…' })).toBeFocused();
  await expect(app.getByText('The history is on, and empty.')).toBeVisible();
  expect(await exists(recordPath)).toBe(false);
  expect(await exists(keyPath)).toBe(false);
  // A follow-up has no picture to be about any more.
  const more = await app.evaluate(() => window.lumen.describe.more());
  expect(more).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
});

test('the monthly spending limit: shown, enforced with a spoken reason, and kept on disk', async ({
  app,
  fake,
  lumen
}) => {
  await useKey(app, fake.apiKey);
  await openSettings(app, 'Spending');
  await expect(app.getByText('Spent this month: $0.00. No limit is set.')).toBeVisible();
  const limit = app.getByLabel('Monthly spending limit, in US dollars');
  await limit.fill('-3');
  await app.getByRole('button', { name: 'Save spending limit' }).click();
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await limit.fill('0.01');
  await app.getByRole('button', { name: 'Save spending limit' }).click();
  await expect(app.getByText(/^Spent this month: \$0\.00 of a \$0\.01 limit\.$/)).toBeVisible();

  const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
  const log = app.getByTestId('status-log');
  // About a tenth of a cent per describe at gpt-6.1-terra's prices.
  for (let i = 0; i < 20 && !(await log.textContent())?.includes('spending limit of $0.01 is reached'); i++) {
    await describeCamera(app);
  }
  await expect(log).toContainText("This month's spending limit of $0.01 is reached");
  const sent = chats();
  const told = async () => (await log.textContent())!.split('spending limit of $0.01 is reached').length - 1;
  const toldBefore = await told();
  await app.getByRole('button', { name: 'Describe camera' }).click();
  await expect.poll(told).toBeGreaterThan(toldBefore);
  expect(chats()).toBe(sent);
  // The record is written after the amount is counted: wait for the write that carries it.
  const saved = async () =>
    (JSON.parse(await readFile(join(lumen.dataDir, 'spending.json'), 'utf8')) as { usd: number }).usd;
  await expect.poll(saved).toBeGreaterThanOrEqual(0.01);
  await openSettings(app, 'Spending');
  await expect(app.getByText(/^Spent this month: \$0\.01 of a \$0\.01 limit\.$/)).toBeVisible();
});
