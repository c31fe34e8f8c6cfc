import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { FakeOpenAI } from '../fakes/openai';
import { daysFromNow } from './days';
import { expect, openSettings, test } from './fixtures';

type Role = 'describe' | 'quick' | 'conversation' | 'speech' | 'captions';
const ROLE_LABELS: Record<Role, string> = {
  describe: 'Describing and questions',
  quick: 'Quick answers when the main model is busy',
  conversation: 'Conversation',
  speech: 'The OpenAI voice',
  captions: 'Captions of what you say'
};

const polite = (page: Page) => page.getByTestId('live-polite');
const assertive = (page: Page) => page.getByTestId('live-assertive');

/** A key, and no shield or voice: neither is what these tests are about, and both take time. */
async function useKey(app: Page, key: string) {
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key)).ok).toBe(true);
  const quick = { privacy: { shield: 'off' as const }, speech: { provider: 'screen-reader' as const } };
  expect((await app.evaluate((patch) => window.lumen.settings.update(patch), quick)).ok).toBe(true);
}

async function axe(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Opens Settings and waits until the Models section shows the list the service gave. */
async function openModels(app: Page) {
  await openSettings(app, 'Models');
  const section = app.getByRole('region', { name: 'Models' });
  await expect(section.getByTestId('models-source')).toContainText("The service's list of models, checked at");
  return section;
}

type ChatBody = { model: string; reasoning_effort?: string; messages: Array<{ role: string; content: unknown }> };
const chats = (fake: FakeOpenAI) =>
  fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => r.body as ChatBody);

async function describeCamera(app: Page) {
  await app.getByRole('button', { name: 'Home', exact: true }).click();
  await app.getByRole('button', { name: 'Describe camera' }).click();
  await expect(app.getByTestId('answer-text')).toContainText('×');
  await expect(app.getByTestId('answer-text')).toHaveAttribute('aria-busy', 'false');
}

test('the Models section offers the service’s models per job, and a chosen model is the one used', async ({
  app,
  fake
}) => {
  await useKey(app, fake.apiKey);
  const section = await openModels(app);
  for (const label of Object.values(ROLE_LABELS)) {
    await expect(section.getByRole('combobox', { name: label, exact: true })).toBeVisible();
  }

  const describe = section.getByRole('combobox', { name: ROLE_LABELS.describe, exact: true });
  await expect(describe.locator('option').first()).toHaveText('Lumen chooses (now gpt-6.1-terra)');
  await expect(describe.locator('option[value="gpt-6.1-terra"]')).toHaveCount(1);
  await expect(describe.locator('option[value="gpt-4o"]')).toHaveText('gpt-4o — shuts down on 14 January 2027');
  await expect(describe).toHaveAccessibleDescription('In use: gpt-6.1-terra.');

  const conversation = section.getByRole('combobox', { name: ROLE_LABELS.conversation, exact: true });
  await expect(conversation.locator('option[value="gpt-realtime-2.1"]')).toHaveText(
    /^gpt-realtime-2\.1 — best quality; about 4\.8 cents a minute of talk$/
  );
  const offered = await conversation.locator('option:not([value=""])').allTextContents();
  expect(offered.length).toBeGreaterThan(1);
  for (const text of offered) expect(text).toContain('a minute of talk');

  for (const scheme of ['light', 'dark'] as const) {
    await app.emulateMedia({ colorScheme: scheme });
    expect(await axe(app)).toEqual([]);
  }

  await describe.selectOption('gpt-4o');
  await section.getByRole('button', { name: 'Save model settings' }).click();
  await expect(polite(app)).toHaveText('Model settings saved.');
  await expect(describe).toHaveValue('gpt-4o');
  await expect(describe).toHaveAccessibleDescription(
    'In use: gpt-4o. Shuts down on 14 January 2027; then gpt-6.1-terra.'
  );
  const saved = await app.evaluate(() => window.lumen.settings.get());
  expect(saved.ok && saved.value.models).toEqual({
    describe: 'gpt-4o',
    quick: '',
    conversation: '',
    speech: '',
    captions: ''
  });

  await describeCamera(app);
  expect(chats(fake).map((c) => c.model)).toEqual(['gpt-4o']);
});

test('at 200 % zoom the Models section, long option texts and all, needs no sideways scrolling', async ({
  app,
  fake
}) => {
  await useKey(app, fake.apiKey);
  await app.setViewportSize({ width: 640, height: 480 });
  await app.evaluate(() => (document.body.style.zoom = '2'));
  const section = await openModels(app);
  await section.getByRole('combobox', { name: ROLE_LABELS.conversation, exact: true }).scrollIntoViewIfNeeded();
  expect(await app.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
});

test('a chosen model the service does not offer stays in the list, marked so, until another is chosen', async ({
  app,
  fake
}) => {
  expect((await app.evaluate(() => window.lumen.settings.update({ models: { quick: 'gpt-3.5-turbo' } }))).ok).toBe(
    true
  );
  await useKey(app, fake.apiKey);
  const section = await openModels(app);
  const quick = section.getByRole('combobox', { name: ROLE_LABELS.quick, exact: true });
  await expect(quick).toHaveValue('gpt-3.5-turbo');
  await expect(quick.locator('option:checked')).toHaveText('gpt-3.5-turbo (not offered by the service now)');
  await expect(quick).toHaveAccessibleDescription('In use: gpt-6-luna.');
  await quick.selectOption('');
  await section.getByRole('button', { name: 'Save model settings' }).click();
  await expect(polite(app)).toHaveText('Model settings saved.');
  await expect(quick.locator('option[value="gpt-3.5-turbo"]')).toHaveCount(0);
});

test('"think longer" makes a typed question reason more, while a describe still starts fast', async ({ app, fake }) => {
  await useKey(app, fake.apiKey);
  await openSettings(app, 'Describing');
  const think = app.getByRole('checkbox', {
    name: 'Think longer before answering typed questions (slower, sometimes better)'
  });
  await expect(think).not.toBeChecked();
  await think.check();
  await app.getByRole('button', { name: 'Save description settings' }).click();
  await expect(polite(app)).toHaveText('Description settings saved.');
  const saved = await app.evaluate(() => window.lumen.settings.get());
  expect(saved.ok && saved.value.assistant.thinkLonger).toBe(true);

  // A typed question with no picture before it may think longer.
  await app.getByRole('button', { name: 'Home', exact: true }).click();
  await app.getByLabel('Question').fill('What is a lighthouse for?');
  await app.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(app.getByTestId('answer-text')).toContainText('What is a lighthouse for?');
  await expect(app.getByTestId('answer-text')).toHaveAttribute('aria-busy', 'false');
  // A describe must start speaking soon, whatever the setting.
  await describeCamera(app);
  const [question, picture] = chats(fake);
  expect(question).toMatchObject({ model: 'gpt-6.1-terra', reasoning_effort: 'medium' });
  expect(picture).toMatchObject({ model: 'gpt-6.1-terra', reasoning_effort: 'low' });
});

test('the Models section works from the keyboard alone: Tab to a job, arrows to choose, Enter to save', async ({
  app,
  fake
}) => {
  await useKey(app, fake.apiKey);
  await openModels(app);
  await app.getByRole('button', { name: 'Home', exact: true }).click();
  await app.keyboard.press('Control+Comma');
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();

  const section = app.getByRole('region', { name: 'Models' });
  const describe = section.getByRole('combobox', { name: ROLE_LABELS.describe, exact: true });
  const focused = (locator: ReturnType<Page['locator']>) => locator.evaluate((el) => el === document.activeElement);
  for (let i = 0; i < 60 && !(await focused(describe)); i++) await app.keyboard.press('Tab');
  await expect(describe).toBeFocused();
  expect(await describe.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

  const second = await describe.locator('option').nth(1).getAttribute('value');
  await app.keyboard.press('ArrowDown');
  await expect(describe).toHaveValue(second!);

  const save = section.getByRole('button', { name: 'Save model settings' });
  for (let i = 0; i < 10 && !(await focused(save)); i++) await app.keyboard.press('Tab');
  await expect(save).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(polite(app)).toHaveText('Model settings saved.');
  const saved = await app.evaluate(() => window.lumen.settings.get());
  expect(saved.ok && saved.value.models.describe).toBe(second);
});

test('a chosen model shutting down soon: a notice on Home, not announced again, and "switch now"', async ({
  app,
  fake
}) => {
  // The service announces that the chosen conversation model shuts down in 12 days.
  const role: Role = 'conversation';
  const id = 'gpt-realtime';
  fake.setShutdownDate(id, daysFromNow(12));
  // The choice and the screen-reader voice first: the notice is said as soon as the key brings the list.
  const patch = {
    models: { [role]: id },
    privacy: { shield: 'off' as const },
    speech: { provider: 'screen-reader' as const }
  };
  expect((await app.evaluate((p) => window.lumen.settings.update(p), patch)).ok).toBe(true);
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), fake.apiKey)).ok).toBe(true);

  const notices = app.getByRole('region', { name: 'Notices' });
  await expect(notices).toContainText(`${id}, your choice for`);
  // Lumen says the notice itself; the page does not read it a second time.
  await expect(app.getByTestId('speech-log')).toContainText(`${id}, your choice for`);
  await expect(polite(app)).not.toContainText(id);
  await expect(assertive(app)).not.toContainText(id);
  expect(await axe(app)).toEqual([]);

  const status = await app.evaluate(() => window.lumen.models.status());
  const successor = status.ok ? status.value.roles.find((r) => r.role === role)?.successor : null;
  expect(successor).toBeTruthy();

  await notices.getByRole('button', { name: `Switch now: ${ROLE_LABELS[role]}` }).click();
  await expect(notices).toBeHidden();
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeFocused();
  // The outcome is said by Lumen (the screen-reader voice here) and kept in Recent messages.
  await expect(app.getByTestId('speech-log')).toContainText(`now uses ${successor}.`);
  await expect(app.getByTestId('status-log')).toContainText(`now uses ${successor}.`);
  const saved = await app.evaluate(() => window.lumen.settings.get());
  expect(saved.ok && saved.value.models[role]).toBe(successor);
});

test('spending at a guessed price is shown as estimated', async ({ app, fake }) => {
  // gpt-5 is served (its shutdown moved away for this test) and is not in Lumen's price list.
  fake.setShutdownDate('gpt-5', null);
  expect((await app.evaluate(() => window.lumen.settings.update({ models: { describe: 'gpt-5' } }))).ok).toBe(true);
  await useKey(app, fake.apiKey);
  await openSettings(app, 'Spending');
  await expect(app.getByText('Spent this month: $0.00. No limit is set.', { exact: true })).toBeVisible();

  await describeCamera(app);
  expect(chats(fake).map((c) => c.model)).toEqual(['gpt-5']);
  await openSettings(app, 'Spending');
  await expect(app.getByRole('region', { name: 'Spending' })).toContainText(
    /Of this, (less than one cent|\$\d+\.\d\d) is estimated: a model whose price Lumen does not know is counted at the dearest known price\./
  );
});
