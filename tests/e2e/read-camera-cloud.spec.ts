import AxeBuilder from '@axe-core/playwright';
import { blurredPageClipFile } from '../clips/blurred-page-clip';
import { LETTER } from '../unit/core/document/pages';
import { ASK_CLOUD_TO_READ } from '../../src/shared/contract';
import { expect, pageInOwnBrowser, test } from './fixtures';

/*
 * A letter held in front of a camera too blurred to read it offline: Lumen reads what it can, offers
 * the cloud, sends nothing until the button is pressed, then sends the page once, says the text the
 * cloud gave and moves through it in the text reader. The fake service answers with the letter's
 * text (set here: it cannot read pixels).
 */

const blurredCameraTest = test.extend({
  page: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) =>
      pageInOwnBrowser([`--use-file-for-fake-video-capture=${await blurredPageClipFile()}`], (page) => use(page)),
    { scope: 'test', timeout: 120_000 }
  ]
});

blurredCameraTest(
  'a page read poorly offers the cloud; pressed, the cloud reads it into the text reader',
  async ({ app, lumen, fake }) => {
    blurredCameraTest.setTimeout(180_000);
    const patch = { speech: { provider: 'screen-reader' as const } };
    expect((await app.evaluate((p) => window.lumen.settings.update(p), patch)).ok).toBe(true);
    expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
    await expect.poll(() => lumen.output(), { timeout: 60_000 }).toContain('warmed up');
    const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length;

    await app.getByRole('button', { name: 'Read with the camera', exact: true }).click();
    const log = app.getByTestId('speech-log');
    await expect(log).toContainText('Many words were unclear.', { timeout: 90_000 });
    const ask = app.getByRole('button', { name: ASK_CLOUD_TO_READ });
    await expect(ask).toBeVisible();
    // Offered, not sent.
    expect(chats()).toBe(0);
    const violations = await new AxeBuilder({ page: app })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
      .analyze();
    expect(violations.violations.map((v) => v.id)).toEqual([]);

    fake.setReply(LETTER.join('\n'));
    await ask.focus();
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('live-polite')).toContainText(
      `The cloud read the page: ${LETTER.length} lines. The text reader moves through them.`,
      { timeout: 60_000 }
    );
    await expect(log).toContainText(LETTER.at(-1)!);
    expect(chats()).toBe(1);
    // Read by the cloud, no longer offered.
    await expect(ask).toBeHidden();
    // The text reader now holds the cloud's reading, from its first line.
    await expect(app.getByTestId('reading-position')).toHaveText(`Line 1 of ${LETTER.length}.`);

    await app.getByTestId('text-reader').focus();
    await app.keyboard.press('ArrowDown');
    await expect(app.getByTestId('reading-position')).toHaveText(`Line 2 of ${LETTER.length}.`);
    await expect(app.getByTestId('reading-current')).toHaveText(LETTER[1]!);
  }
);
