import AxeBuilder from '@axe-core/playwright';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { evalCaseFileSchema } from '../../src/shared/eval-case';
import { darkShare, PRIVATE_SCREEN, sentJpeg } from '../private-screen';
import { CAMERA } from './fake-camera';
import { expect, openSettings, test, watchAnswers } from './fixtures';
import { stubScreen } from './screen-stub';

/** A key, and speech through the page's log: the voice is not what these tests are about. */
async function useKey(app: Page, key: string, shield: 'on' | 'off') {
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key)).ok).toBe(true);
  const patch = { privacy: { shield }, speech: { provider: 'screen-reader' as const } };
  expect((await app.evaluate((p) => window.lumen.settings.update(p), patch)).ok).toBe(true);
}

async function axe(app: Page) {
  const results = await new AxeBuilder({ page: app })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Enter on a control, as a keyboard user would. */
async function press(app: Page, name: string) {
  const control = app.getByRole('button', { name, exact: true });
  await control.focus();
  await app.keyboard.press('Enter');
}

const polite = (app: Page) => app.getByTestId('live-polite');
const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false
  );

test('ask again sends the same picture and shows both answers; feedback by keyboard is kept, exported as cases and forgotten with everything', async ({
  app,
  fake,
  lumen
}) => {
  test.setTimeout(90_000);
  await useKey(app, fake.apiKey, 'off');
  const answers = await watchAnswers(app);
  const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions');
  await press(app, 'Describe camera');
  await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(1);
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText(`${CAMERA.width}×${CAMERA.height}`);
  const firstText = (await answers())[0]!.text;

  await press(app, 'Ask again');
  await expect(polite(app)).toHaveText('Asking again. The earlier answer stays below, to compare.');
  await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(2);
  const [first, second] = chats().map((c) => sentJpeg(c.body)!);
  expect(chats()).toHaveLength(2);
  expect(second!.equals(first!)).toBe(true);
  const secondText = (await answers())[1]!.text;
  await expect(answer).toHaveText(secondText);
  await expect(app.getByRole('heading', { level: 3, name: 'Earlier answer' })).toBeVisible();
  await expect(app.getByTestId('earlier-answer-text')).toHaveText(firstText);

  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await press(app, 'Copy');
  await expect(polite(app)).toHaveText('Copied the answer.');
  expect(await app.evaluate(() => navigator.clipboard.readText())).toBe(secondText);

  // Feedback from the keyboard: a note, the picture ticked, then N anywhere in the panel.
  await app.getByLabel('Note, if you like').focus();
  await app.keyboard.type('It missed the checked strip along the bottom.');
  await app.keyboard.press('Tab');
  await expect(app.getByRole('checkbox', { name: 'Include the picture' })).toBeFocused();
  await app.keyboard.press('Space');
  await app.keyboard.press('n');
  await expect(polite(app)).toHaveText(
    'Thank you. Kept on this computer: the answer was wrong, with your note and the picture.'
  );
  await expect(app.getByRole('button', { name: 'No (N)' })).toHaveAttribute('aria-pressed', 'true');
  await expect(app.getByRole('button', { name: 'No (N)' })).toHaveAttribute('aria-keyshortcuts', 'N');
  expect(await axe(app)).toEqual([]);

  await press(app, 'Repeat');
  await expect(polite(app)).toHaveText('Repeating the answer.');
  await press(app, 'More detail');
  await expect(polite(app)).toHaveText('Asking for more detail.');
  await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(3);
  expect(JSON.stringify((chats()[2]!.body as { messages: unknown[] }).messages.at(-1))).toContain('Tell me more');
  await expect(app.getByTestId('answer-text')).toHaveText((await answers())[2]!.text);

  // Settings → Feedback lists it; Export saves one JSON file of evaluation cases.
  await openSettings(app, 'Feedback');
  const list = app.getByRole('list', { name: 'Feedback, 1 piece of feedback, newest first' });
  await expect(list).toContainText('Wrong,');
  await expect(list).toContainText('with the picture');
  await expect(list).toContainText('Note: It missed the checked strip along the bottom.');
  expect(await axe(app)).toEqual([]);
  const downloading = app.waitForEvent('download');
  await press(app, 'Export feedback');
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^lumen-feedback-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = evalCaseFileSchema.parse(JSON.parse(await readFile((await download.path())!, 'utf8')));
  expect(exported.cases).toHaveLength(1);
  const [kept] = exported.cases;
  expect(kept).toMatchObject({
    draft: true,
    input: { mode: 'scene', question: null },
    origin: { kind: 'feedback', right: false, note: 'It missed the checked strip along the bottom.' }
  });
  expect(kept!.origin!.answer).toBe(secondText);
  expect(Buffer.from(kept!.input.picture!, 'base64').equals(second!)).toBe(true);
  await expect(polite(app)).toContainText('Exported 1 piece of feedback as lumen-feedback-');

  // "Forget everything" deletes it, on disk too.
  const file = join(lumen.dataDir, 'feedback.json');
  expect(await exists(file)).toBe(true);
  await openSettings(app, 'History');
  await press(app, 'Forget everything…');
  await expect(app.getByRole('button', { name: 'Yes, forget everything' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('status-log')).toContainText('Everything Lumen remembered is forgotten');
  await openSettings(app, 'Feedback');
  await expect(app.getByText('No feedback is kept.')).toBeVisible();
  await expect.poll(() => exists(file)).toBe(false);
});

/** The screen the page captures: the known page with a card number, an e-mail address and a code. */
const privateScreen = (app: Page) =>
  stubScreen(
    app,
    { width: PRIVATE_SCREEN.width, height: PRIVATE_SCREEN.height, data: PRIVATE_SCREEN },
    (c, width, height, screen) => {
      c.fillStyle = '#fafafa';
      c.fillRect(0, 0, width, height);
      c.fillStyle = '#111111';
      c.font = `${screen.fontPx}px "DejaVu Sans"`;
      c.textBaseline = 'alphabetic';
      for (const p of Object.values(screen.pieces)) c.fillText(p.text, p.x, p.y + screen.fontPx);
    }
  );

test('show picture: the JPEG that was sent, private areas still black, full window, zoomed and moved by keyboard', async ({
  app,
  fake
}) => {
  await privateScreen(app);
  await useKey(app, fake.apiKey, 'on');
  const answers = await watchAnswers(app);
  await press(app, 'Describe screen');
  // Offline text reading starts its engine on first use: allow for that on a busy machine.
  const chat = await fake.waitFor((r) => r.path === '/v1/chat/completions', 30_000);
  await expect.poll(async () => (await answers()).length, { timeout: 30_000 }).toBe(1);

  await press(app, 'Show picture');
  const dialog = app.getByRole('dialog', { name: 'Picture sent' });
  await expect(dialog).toBeVisible();
  const viewport = dialog.getByRole('group', { name: /^Picture, / });
  await expect(viewport).toBeFocused();
  await expect(viewport).toHaveAccessibleName('Picture, 100 %');
  const image = dialog.getByRole('img', { name: 'The picture sent for: Describe the screen.' });
  const source = (await image.getAttribute('src'))!;
  expect(source).toMatch(/^data:image\/jpeg;base64,/);
  const shown = Buffer.from(source.slice(source.indexOf(',') + 1), 'base64');
  expect(shown.equals(sentJpeg(chat.body)!)).toBe(true);
  for (const piece of Object.values(PRIVATE_SCREEN.pieces)) {
    const dark = await darkShare(shown, piece);
    if (piece.private) expect(dark, piece.text).toBeGreaterThan(0.95);
    else expect(dark, piece.text).toBeLessThan(0.5);
  }
  // Full window, and the picture as large as fits in it.
  const window = app.viewportSize()!;
  expect(await dialog.boundingBox()).toMatchObject({ x: 0, y: 0, width: window.width, height: window.height });
  const widthOf = () => image.evaluate((img) => img.getBoundingClientRect().width);
  const fill = await image.evaluate((img) => {
    const room = img.parentElement!;
    const { width, height } = img.getBoundingClientRect();
    return Math.max(width / room.clientWidth, height / room.clientHeight);
  });
  expect(fill).toBeGreaterThan(0.99);
  expect(fill).toBeLessThanOrEqual(1);
  const fitted = await widthOf();
  expect(await axe(app)).toEqual([]);

  await app.keyboard.press('+');
  await expect(polite(app)).toHaveText('150 %');
  await app.keyboard.press('+');
  await expect(polite(app)).toHaveText('200 %');
  await expect(dialog.getByTestId('picture-zoom')).toHaveText('Zoom: 200 %');
  await expect(viewport).toHaveAccessibleName('Picture, 200 %');
  expect(Math.abs((await widthOf()) - 2 * fitted)).toBeLessThanOrEqual(2);

  const scroll = () => viewport.evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
  const before = await scroll();
  await app.keyboard.press('ArrowRight');
  await expect.poll(async () => (await scroll()).left).toBeGreaterThan(before.left);
  await app.keyboard.press('ArrowDown');
  await expect.poll(async () => (await scroll()).top).toBeGreaterThan(before.top);

  await app.keyboard.press('0');
  await expect(polite(app)).toHaveText('Fitted to the window, 100 %.');
  expect(await widthOf()).toBe(fitted);

  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(app.getByRole('button', { name: 'Show picture' })).toBeFocused();
  await expect(polite(app)).toHaveText('Picture closed.');
});
