import type { Page } from '@playwright/test';
import { colourName } from '../fakes/openai/images';
import { CAMERA } from './fake-camera';
import { afterSoundSoFar, expect, playerDiagnostics, test } from './fixtures';
import { stubScreen } from './screen-stub';

const REALISTIC = { chatFirstTokenMs: 400, chatTokensPerSecond: 40, ttsFirstByteMs: 250, ttsBytesPerSecond: 48_000 };

async function useKey(app: Page, key: string) {
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key)).ok).toBe(true);
}

/**
 * A picture of the screen is read offline by the privacy shield before it goes, and the reader's
 * first start takes seconds on a busy machine: allow for that before waiting for the answer.
 */
const sentToService = (fake: { waitFor: (pred: (r: { path: string }) => boolean, ms?: number) => Promise<unknown> }) =>
  fake.waitFor((r) => r.path === '/v1/chat/completions', 30_000);

type ChatBody = { messages: Array<{ role: string; content: unknown }> };
const imagesIn = (body: ChatBody) =>
  body.messages.flatMap((m) =>
    Array.isArray(m.content)
      ? (m.content as Array<{ type: string; image_url?: { url: string } }>)
          .filter((p) => p.type === 'image_url')
          .map((p) => p.image_url!.url)
      : []
  );

test('describe camera: the answer names the camera’s colour and size, so the real frame arrived', async ({
  app,
  fake
}) => {
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe camera' }).click();
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText(`${CAMERA.width}×${CAMERA.height}`);
  await expect(answer).toContainText(`mostly ${colourName(...CAMERA.rgb)}`);
  const chat = await fake.waitFor((r) => r.path === '/v1/chat/completions');
  const [image] = imagesIn(chat.body as ChatBody);
  expect(image).toMatch(/^data:image\/jpeg;base64,/);
  expect((chat.body as { model: string }).model).toBe('gpt-6.1-terra');
});

test('a follow-up question sends the same picture again with the previous answer', async ({ app, fake }) => {
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe camera' }).click();
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText('×');
  await expect(answer).toHaveAttribute('aria-busy', 'false');
  const firstAnswer = (await answer.textContent())!;
  await app.getByLabel('Question').fill('Is my cup on the left?');
  await app.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(answer).toContainText('Is my cup on the left?');
  const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions');
  expect(chats).toHaveLength(2);
  const [first, second] = chats.map((c) => c.body as ChatBody);
  expect(imagesIn(second!)).toEqual(imagesIn(first!));
  expect(second!.messages).toContainEqual({ role: 'assistant', content: firstAnswer });
  expect(JSON.stringify(second!.messages.at(-1))).toContain('Is my cup on the left?');
});

test('stop in the middle of a description silences speech and aborts the request', async ({ app, fake }) => {
  await useKey(app, fake.apiKey);
  fake.setTiming(REALISTIC);
  fake.setReply(Array.from({ length: 30 }, (_, i) => `This is sentence number ${i + 1} about the picture.`).join(' '));
  await app.getByRole('button', { name: 'Describe camera' }).click();
  await expect.poll(async () => (await playerDiagnostics(app)).playedSamples, { timeout: 15_000 }).toBeGreaterThan(0);
  const stops = async () => (await playerDiagnostics(app)).stopLatenciesMs.length;
  const stopsBefore = await stops();
  await app.keyboard.press('Escape');
  const chat = await fake.waitFor((r) => r.path === '/v1/chat/completions');
  await expect.poll(() => chat.aborted).toBe(true);
  // The worklet itself fell silent (not only the request)…
  await expect.poll(stops).toBeGreaterThan(stopsBefore);
  // …and nothing of the description plays after that, up to the next words Lumen says.
  await afterSoundSoFar(app);
  expect((await playerDiagnostics(app)).playedAfterStop).toBe(0);
});

/**
 * The screen the page captures is a known 1280×720 picture: grey with stripes everywhere, except a
 * blue-and-white striped block exactly where keypad cell 7 and then cell 5 lead.
 */
const knownScreen = (app: Page) =>
  stubScreen(app, { width: 1280, height: 720 }, (c, width, height) => {
    c.fillStyle = '#808080';
    c.fillRect(0, 0, width, height);
    c.fillStyle = '#303030';
    for (let x = 0; x < width; x += 24) c.fillRect(x, 0, 6, height);
    c.fillStyle = '#1040e0';
    c.fillRect(width / 9, height / 9, width / 9, height / 9);
    c.fillStyle = '#ffffff';
    for (let y = height / 9 + 4; y < (2 * height) / 9; y += 12) c.fillRect(width / 9, y, width / 9, 2);
  });

test('describe screen captures the screen at the size that is sent', async ({ app, fake }) => {
  await knownScreen(app);
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe screen' }).click();
  await sentToService(fake);
  // A 16:9 screen goes out as 1024×576 (see src/shared/image-size.ts); grey dominates the picture.
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText('1024×576');
  await expect(answer).toContainText('mostly grey');
});

test('a region chosen with the keyboard alone (two zoom steps) sends only that part of the screen', async ({
  app,
  fake
}) => {
  await knownScreen(app);
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe a region' }).click();
  const dialog = app.getByRole('dialog', { name: 'Choose a region' });
  await expect(dialog).toBeVisible();
  await app.keyboard.press('7');
  await expect(app.getByTestId('region-path')).toHaveText('Zoomed into 7.');
  await app.keyboard.press('5');
  await expect(app.getByTestId('region-path')).toHaveText('Zoomed into 7, then 5.');
  await app.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await sentToService(fake);
  // The centre of the top-left ninth is a ninth of each side: only the blue block went out.
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText(`${Math.round(1280 / 9)}×${Math.round(720 / 9)}`);
  await expect(answer).toContainText('mostly blue');
});

test('a region dragged with the mouse sends only that rectangle', async ({ app, fake }) => {
  await knownScreen(app);
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe a region' }).click();
  const dialog = app.getByRole('dialog', { name: 'Choose a region' });
  const picture = dialog.locator('canvas');
  const box = (await picture.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + fx * box.width, box.y + fy * box.height] as const;
  // From just inside the blue block's top-left corner to just inside its bottom-right one.
  await app.mouse.move(...at(1 / 9 + 0.01, 1 / 9 + 0.01));
  await app.mouse.down();
  await app.mouse.move(...at(1.5 / 9, 1.5 / 9), { steps: 4 });
  await app.mouse.move(...at(2 / 9 - 0.01, 2 / 9 - 0.01), { steps: 4 });
  await app.mouse.up();
  await expect(dialog).toBeHidden();
  await sentToService(fake);
  const answer = app.getByTestId('answer-text');
  await expect(answer).toContainText('mostly blue');
  const [, width, height] = (await answer.textContent())!.match(/(\d+)×(\d+)/)!.map(Number);
  // The block less 1 % of the screen on each side: 1280 × (1/9 − 0.02) by 720 × (1/9 − 0.02).
  expect(Math.abs(width! - 1280 * (1 / 9 - 0.02))).toBeLessThanOrEqual(3);
  expect(Math.abs(height! - 720 * (1 / 9 - 0.02))).toBeLessThanOrEqual(3);
});

test('escape steps back out of the region selector, one zoom level at a time', async ({ app, fake }) => {
  await knownScreen(app);
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe a region' }).click();
  const dialog = app.getByRole('dialog', { name: 'Choose a region' });
  await expect(dialog).toBeVisible();
  await app.keyboard.press('3');
  await expect(app.getByTestId('region-path')).toHaveText('Zoomed into 3.');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('region-path')).toHaveText('Showing the whole screen.');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect(fake.requests.filter((r) => r.path === '/v1/chat/completions')).toEqual([]);
});

test('the capture guard catches a black frame and sends nothing', async ({ app, fake }) => {
  await useKey(app, fake.apiKey);
  const result = await app.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#000';
    context.fillRect(0, 0, 640, 480);
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    return window.lumen.describe.start({ source: 'file', image: new Uint8Array(await blob.arrayBuffer()) });
  });
  expect(result).toEqual({
    ok: true,
    value: { id: null, guard: { reason: 'black', message: expect.stringContaining('black') } }
  });
  await expect(app.getByTestId('status-log')).toContainText('completely black');
  expect(fake.requests.filter((r) => r.path === '/v1/chat/completions')).toEqual([]);
});
