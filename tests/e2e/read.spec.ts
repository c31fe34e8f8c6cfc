import { expect, test } from './fixtures';

test('read screen text speaks the screen’s words in reading order, offline, with no key', async ({ app, fake }) => {
  // The captured screen: two paragraphs of known text (headless Chromium has no real screen).
  await app.addInitScript(() => {
    navigator.mediaDevices.getDisplayMedia = async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 1280;
      canvas.height = 720;
      const c = canvas.getContext('2d')!;
      const paint = () => {
        c.fillStyle = '#ffffff';
        c.fillRect(0, 0, 1280, 720);
        c.fillStyle = '#111111';
        c.font = '28px "DejaVu Sans"';
        c.fillText('Invoice 1042 is due on Friday.', 80, 120);
        c.fillText('Please pay by bank transfer.', 80, 170);
        c.fillText('Thank you for your order.', 80, 320);
      };
      paint();
      setInterval(paint, 100);
      return canvas.captureStream(10);
    };
  });
  await app.reload();
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
