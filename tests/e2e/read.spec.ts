import { expect, test } from './fixtures';
import { stubScreen } from './screen-stub';

test('read screen text speaks the screen’s words in reading order, offline, with no key', async ({ app, fake }) => {
  // The captured screen: two paragraphs of known text.
  await stubScreen(app, { width: 1280, height: 720 }, (c, width, height) => {
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, width, height);
    c.fillStyle = '#111111';
    c.font = '28px "DejaVu Sans"';
    c.fillText('Invoice 1042 is due on Friday.', 80, 120);
    c.fillText('Please pay by bank transfer.', 80, 170);
    c.fillText('Thank you for your order.', 80, 320);
  });
  expect((await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }))).ok).toBe(
    true
  );
  await app.getByRole('button', { name: 'Read screen text' }).click();
  const log = app.getByTestId('speech-log');
  await expect(log).toContainText('Thank you for your order.', { timeout: 30_000 });
  const spoken = (await log.locator('p').allTextContents()).join(' ');
  expect(spoken.indexOf('Invoice 1042 is due on Friday.')).toBeGreaterThanOrEqual(0);
  expect(spoken.indexOf('Invoice 1042')).toBeLessThan(spoken.indexOf('Thank you'));
  expect(fake.requests).toEqual([]);
});
