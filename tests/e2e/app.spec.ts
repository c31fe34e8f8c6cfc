import AxeBuilder from '@axe-core/playwright';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CANARY_KEY } from './canary';
import { SETTINGS_PAGES } from '../../src/renderer/src/screens/settings-pages';
import { expect, openSettings, ROOT, test } from './fixtures';

const polite = (page: import('@playwright/test').Page) => page.getByTestId('live-polite');
const assertive = (page: import('@playwright/test').Page) => page.getByTestId('live-assertive');

async function axe(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every screen is axe-clean in the ${scheme} theme`, async ({ app }) => {
    // One scan per page of Settings: slow on a loaded machine, and nothing here waits on a timer.
    test.setTimeout(180_000);
    await app.emulateMedia({ colorScheme: scheme });
    expect(await axe(app)).toEqual([]);
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
    expect(await axe(app)).toEqual([]);
    for (const name of Object.values(SETTINGS_PAGES)) {
      await openSettings(app, name);
      expect(await axe(app), name).toEqual([]);
    }
    await app.getByRole('button', { name: 'Keys', exact: true }).click();
    await expect(app.getByRole('heading', { level: 1, name: 'Keys' })).toBeFocused();
    expect(await axe(app)).toEqual([]);
  });
}

test('at 200 % zoom nothing needs sideways scrolling', async ({ app }) => {
  // 200 % zoom of a 1280-wide window lays out like a 640-wide one.
  await app.setViewportSize({ width: 640, height: 480 });
  await app.evaluate(() => (document.body.style.zoom = '2'));
  for (const screen of ['Home', 'Keys', 'Settings']) {
    await app.getByRole('button', { name: screen, exact: true }).click();
    expect(await app.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
  }
});

test('reduced motion and forced colours keep the focus ring and the text', async ({ app }) => {
  await app.emulateMedia({ reducedMotion: 'reduce', forcedColors: 'active' });
  const button = app.getByRole('button', { name: 'Settings', exact: true });
  await button.focus();
  await app.keyboard.press('Shift+Tab');
  await app.keyboard.press('Tab');
  expect(await button.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
  expect(await axe(app)).toEqual([]);
});

test('works from the keyboard alone: skip link, settings shortcut, escape, visible focus', async ({ app }) => {
  await app.keyboard.press('Tab');
  const skip = app.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await app.keyboard.press('Enter');
  await expect(app.locator('main')).toBeFocused();

  await app.keyboard.press('Control+Comma');
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeFocused();
  await expect(app.getByRole('button', { name: 'Settings', exact: true })).toHaveAttribute('aria-current', 'page');
  await app.keyboard.press('Escape');
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeFocused();
});

test('settings take a key, report "key set" and never show it again', async ({ app, lumen }) => {
  const received: string[] = [];
  app.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  await app.reload();
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(app.getByTestId('key-status')).toHaveText('No API key is set.');

  const field = app.getByLabel('New API key');
  await expect(field).toHaveAttribute('type', 'password');
  await field.fill(CANARY_KEY);
  await app.getByRole('button', { name: 'Save key' }).click();
  const saved = /^Key set for 127\.0\.0\.1 port \d+, stored in a file only your account can read\.$/;
  await expect(app.getByTestId('key-status')).toHaveText(saved);
  await expect(polite(app)).toContainText('API key saved. Key set for 127.0.0.1 port');
  await expect(field).toHaveValue('');

  await app.reload();
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  await expect(app.getByTestId('key-status')).toHaveText(saved);
  expect(await app.content()).not.toContain(CANARY_KEY);
  expect(received.length).toBeGreaterThan(0);
  for (const frame of received) expect(frame).not.toContain(CANARY_KEY);
  expect(lumen.output()).not.toContain(CANARY_KEY);
});

test('a key with spaces is refused with a spoken reason and the field marked invalid', async ({ app }) => {
  await app.getByRole('button', { name: 'Settings', exact: true }).click();
  await app.getByLabel('New API key').fill('sk-abc def');
  await app.getByRole('button', { name: 'Save key' }).click();
  await expect(assertive(app)).toContainText('The key was not saved.');
  await expect(assertive(app)).toContainText('An API key has no spaces in it.');
  await expect(app.getByLabel('New API key')).toHaveAttribute('aria-invalid', 'true');
});

test('check connection speaks the result from the service', async ({ app, fake }) => {
  await openSettings(app);
  await app.getByRole('button', { name: 'Check connection' }).click();
  await expect(assertive(app)).toContainText('No API key is set.');

  await app.getByLabel('New API key').fill(fake.apiKey);
  await app.getByRole('button', { name: 'Save key' }).click();
  await expect(app.getByTestId('key-status')).toContainText('Key set');
  await app.getByRole('button', { name: 'Check connection' }).click();
  await expect(polite(app)).toHaveText(
    new RegExp(`^Connected to 127\\.0\\.0\\.1 port ${fake.port}\\. \\d+ models are available\\.$`)
  );
  const call = await fake.waitFor((r) => r.path === '/v1/models');
  expect(call.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
});

test('a bad request from the page gets a structured error, and streams carry bytes both ways', async ({ app }) => {
  const outcome = await app.evaluate(async () => {
    const bad = await window.lumen.settings.update({ endpoint: 'ftp://nowhere' });
    const stream = window.lumen.openStream('diag.echo');
    const echoed = new Promise<number[]>((resolve) => stream.onData((c) => resolve([...c])));
    const chunk = new Uint8Array(1920).map((_, i) => i % 251);
    stream.send(chunk);
    const back = await echoed;
    stream.close();
    return { bad, same: back.length === 1920 && back.every((b, i) => b === i % 251) };
  });
  expect(outcome.bad).toEqual({
    ok: false,
    error: { code: 'INVALID_REQUEST', message: expect.stringContaining('http:// or https://') }
  });
  expect(outcome.same).toBe(true);
});

test('the fake camera and microphone reach our page', async ({ app }) => {
  const tracks = await app.evaluate(async () => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    const result = stream.getTracks().map((t) => `${t.kind}:${t.readyState}`);
    stream.getTracks().forEach((t) => t.stop());
    return result.sort();
  });
  expect(tracks).toEqual(['audio:live', 'video:live']);
});

test('no bundle the page or preload loads contains the API key from the build environment', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : [join(dir, n)]));
  const bundles = [
    ...files(join(ROOT, 'out/renderer')),
    ...files(join(ROOT, 'out/preload')),
    join(ROOT, 'out/web/lumen-web-shim.js')
  ];
  expect(bundles.length).toBeGreaterThan(3);
  for (const file of bundles) expect(readFileSync(file, 'utf8'), file).not.toContain(CANARY_KEY);
});

test('the window asks for its settings once, not again with each render', async ({ app }) => {
  const asked: string[] = [];
  app.on('websocket', (ws) =>
    ws.on('framesent', (f) => String(f.payload).includes('"channel":"settings.get"') && asked.push(String(f.payload)))
  );
  await app.reload();
  await expect(app.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  await expect.poll(() => asked.length).toBeGreaterThan(0);
  // Round trips on the same socket: a page asking again after each answer would have asked by now.
  for (let i = 0; i < 5; i++) await app.evaluate(() => window.lumen.setup.get());
  expect(asked).toHaveLength(1);
});
