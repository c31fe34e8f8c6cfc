import type { Page } from '@playwright/test';
import { CAMERA } from './fake-camera';
import { daysFromNow } from './days';
import { expect, openSettings, test, watchAnswers } from './fixtures';

/*
 * OpenAI retires models under Lumen: a chosen model shut down mid-use is replaced in one press, and
 * one shutting down soon is announced once a day. The fake service's own date and shutdown dates
 * drive it, as the real service's GET /v1/models and 404 model_not_found do.
 */

async function useKey(app: Page, key: string) {
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key)).ok).toBe(true);
}

/** Resolves once Lumen has the service's list of models (it asks as soon as a key is set). */
async function serviceListIn(app: Page) {
  await expect
    .poll(() =>
      app.evaluate(async () => (await window.lumen.models.status()).ok && (await window.lumen.models.status()))
    )
    .toMatchObject({ value: { catalogue: { source: 'service' } } });
}

type ChatBody = Record<string, unknown> & { model: string };

const RETIRED = 'gpt-4o has been retired; Lumen now uses gpt-6.1-terra.';

test('a chosen model retired after the list was fetched: one press, one 404, the successor answers, said once', async ({
  app,
  fake
}) => {
  expect((await app.evaluate(() => window.lumen.settings.update({ models: { describe: 'gpt-4o' } }))).ok).toBe(true);
  await useKey(app, fake.apiKey);
  await serviceListIn(app);
  // The service shuts gpt-4o down after Lumen last looked at its list.
  fake.setToday('2027-01-15');
  await app.getByRole('button', { name: 'Describe camera' }).click();
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText(`${CAMERA.width}×${CAMERA.height}`);
  await expect(answer).toHaveAttribute('aria-busy', 'false');

  const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions');
  expect(chats().map((r) => (r.body as ChatBody).model)).toEqual(['gpt-4o', 'gpt-6.1-terra']);
  const successor = chats()[1]!.body as ChatBody;
  expect(successor).toMatchObject({ max_completion_tokens: expect.any(Number), reasoning_effort: 'low' });
  expect(successor).not.toHaveProperty('max_tokens');
  expect(successor).not.toHaveProperty('temperature');

  // Said once: in the status log, and read aloud by the OpenAI voice before the answer.
  const log = app.getByTestId('status-log');
  await expect(log).toContainText(RETIRED);
  expect(await log.locator('li', { hasText: 'has been retired' }).count()).toBe(1);
  const spoken = () =>
    fake.realtimeEvents
      .map((r) => r.event)
      .filter((e) => e.type === 'response.create' && e.response?.conversation === 'none')
      .map((e) => e.response.input[0].content[0].text as string);
  await expect.poll(() => spoken().filter((t) => t.includes('has been retired')).length).toBe(1);
  expect(spoken()[0]).toMatch(/^gpt-4o has been retired/);

  // Settings shows the successor as the choice for describing.
  await openSettings(app, 'Models');
  const models = app.getByRole('region', { name: 'Models' });
  await expect(models.getByRole('combobox', { name: 'Describing and questions', exact: true })).toHaveValue(
    'gpt-6.1-terra'
  );
  await app.getByRole('button', { name: 'Home', exact: true }).click();

  // The next describe goes straight to the successor, and nothing more is said about it: messages
  // reach the page in order, so once its answer.done is in, a notice said for it would be too.
  const answers = await watchAnswers(app);
  await app.getByRole('button', { name: 'Describe camera' }).click();
  await expect.poll(async () => (await answers()).length, { timeout: 20_000 }).toBe(1);
  expect(chats()).toHaveLength(3);
  expect((chats()[2]!.body as ChatBody).model).toBe('gpt-6.1-terra');
  expect(await log.locator('li', { hasText: 'has been retired' }).count()).toBe(1);
});

test('a chosen model 20 days before its shutdown: one notice, spoken and shown, not again after a reload that day', async ({
  app,
  fake
}) => {
  fake.setShutdownDate('gpt-4o', daysFromNow(20));
  expect((await app.evaluate(() => window.lumen.settings.update({ models: { describe: 'gpt-4o' } }))).ok).toBe(true);
  await useKey(app, fake.apiKey);
  const log = app.getByTestId('status-log');
  const notice =
    /^gpt-4o, your choice for describing and questions, shuts down on \d+ \w+ \d{4}\. Lumen will then use gpt-6\.1-terra; you can switch now\.$/;
  await expect(log.locator('li', { hasText: 'shuts down on' })).toHaveText(notice);

  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  // Messages reach the page in order: once this later one is shown, a repeated notice would be too.
  expect((await app.evaluate(() => window.lumen.history.forget())).ok).toBe(true);
  await expect(log).toContainText('Everything Lumen remembered is forgotten');
  expect(await log.locator('li', { hasText: 'shuts down on' }).count()).toBe(0);
});
