import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { darkShare, PRIVATE_SCREEN, sentJpeg } from '../private-screen';
import { expect, openSettings, test } from './fixtures';
import { stubScreen } from './screen-stub';

async function useKey(app: Page, key: string) {
  expect((await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key)).ok).toBe(true);
}

/** The screen the page captures: the known page with a card number, an e-mail address and a code. */
const privateScreen = (app: Page, name?: string) =>
  stubScreen(
    app,
    { width: PRIVATE_SCREEN.width, height: PRIVATE_SCREEN.height, data: PRIVATE_SCREEN, name },
    (c, width, height, screen) => {
      c.fillStyle = '#fafafa';
      c.fillRect(0, 0, width, height);
      c.fillStyle = '#111111';
      c.font = `${screen.fontPx}px "DejaVu Sans"`;
      c.textBaseline = 'alphabetic';
      for (const p of Object.values(screen.pieces)) c.fillText(p.text, p.x, p.y + screen.fontPx);
    }
  );

test('the privacy shield blacks out a card number, an e-mail address and a code before the screen is sent', async ({
  app,
  fake
}) => {
  await privateScreen(app);
  await useKey(app, fake.apiKey);
  await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  await app.getByRole('button', { name: 'Describe screen' }).click();
  // Offline text reading starts its engine on first use: allow for that on a busy machine.
  const chat = await fake.waitFor((r) => r.path === '/v1/chat/completions', 30_000);
  const summary = '3 private items hidden: a card number, an e-mail address and a security code.';
  await expect(app.getByTestId('status-log')).toContainText(summary);
  // Said before the description, in the same speech.
  await expect(app.getByTestId('speech-log')).toContainText('a security code.A 1024×576 image');
  const sent = sentJpeg(chat.body)!;
  for (const piece of Object.values(PRIVATE_SCREEN.pieces)) {
    const dark = await darkShare(sent, piece);
    if (piece.private) expect(dark, piece.text).toBeGreaterThan(0.95);
    else expect(dark, piece.text).toBeLessThan(0.5);
  }
});

test('a window on the deny list is never sent, and Lumen says why', async ({ app, fake }) => {
  await privateScreen(app, 'Vault — Bitwarden');
  await useKey(app, fake.apiKey);
  await app.getByRole('button', { name: 'Describe active window' }).click();
  await expect(app.getByTestId('status-log')).toContainText('Lumen does not send pictures of Bitwarden.');
  // Asking again (which sends a held-back picture anyway) still sends nothing.
  await app.getByRole('button', { name: 'Describe active window' }).click();
  await expect(app.getByTestId('status-log').getByText('Lumen does not send pictures of Bitwarden.')).toHaveCount(2);
  expect(fake.requests.filter((r) => r.path === '/v1/chat/completions')).toEqual([]);
});

test('Settings → Privacy says the browser only lets the deny list check the window it names', async ({ app }) => {
  await openSettings(app, 'Privacy');
  const list = app.getByRole('textbox', { name: 'Apps and windows never sent' });
  await expect(list).toHaveAccessibleDescription(
    'One per line. A window whose name contains one of these is never described. In a browser, Lumen can ' +
      'check only the name the browser gives the window you share: a whole screen shows windows it cannot ' +
      'check, so close them before sharing the screen.'
  );
  const results = await new AxeBuilder({ page: app })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
});
