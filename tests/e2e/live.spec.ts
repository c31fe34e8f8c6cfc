import { colourName } from '../fakes/openai/images';
import { CAMERA } from './fake-camera';
import { expect, openSettings, test } from './fixtures';

/*
 * Live description in Chromium with the fake camera, whose picture does not change: the first
 * frame is described, every later one is looked at and not sent, and stopping says what was sent.
 */

test('live description: the first view is said, an unchanging view is not sent again, and stopping says what it cost', async ({
  app,
  fake
}) => {
  expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
  expect((await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }))).ok).toBe(
    true
  );
  // Settings → Describing takes the pace; a value out of range is refused with the reason.
  await openSettings(app, 'Describing');
  const pace = app.getByLabel('Camera frames looked at each second');
  await pace.fill('9');
  await app.getByRole('button', { name: 'Save live description settings' }).click();
  await expect(app.getByTestId('live-assertive')).toContainText('must be a whole number from 1 to 4');
  await expect(pace).toHaveAttribute('aria-invalid', 'true');
  await pace.fill('4');
  await app.getByRole('button', { name: 'Save live description settings' }).click();
  await expect(app.getByTestId('live-polite')).toHaveText('Live description settings saved.');
  await app.getByRole('button', { name: 'Home', exact: true }).click();

  const start = app.getByRole('button', { name: 'Start live description' });
  await start.click();
  const status = app.getByTestId('live-status');
  await expect(app.getByTestId('status-log')).toContainText('Live description on. The camera is in use');
  const said = app.getByTestId('speech-log');
  await expect(said).toContainText(`mostly ${colourName(...CAMERA.rgb)}`, { timeout: 30_000 });
  // Chromium hands the camera's frames to a worker: they are scaled and encoded off the page's main thread.
  expect(app.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/frame\.worker/));

  // Twenty frames looked at, still one picture sent: the view did not change.
  await expect(status).toHaveText(/^Live description is on: 1 picture sent of ([2-9]\d|\d{3,}) looked at/, {
    timeout: 30_000
  });
  const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions');
  expect(chats).toHaveLength(1);

  await app.getByRole('button', { name: 'Stop live description' }).click();
  await expect(app.getByTestId('status-log')).toContainText(
    /Live description off; the camera is no longer in use\. 1 picture sent of \d+ looked at, (less than a cent|\$\d+\.\d\d)\./
  );
  await expect(status).toHaveText(/^Live description is off\./);
  await expect(start).toBeVisible();
  await expect.poll(() => app.workers().filter((w) => /frame\.worker/.test(w.url()))).toHaveLength(0);
});

test('live description started outside the page (the conversation’s "keep describing") opens the camera here all the same', async ({
  app,
  fake
}) => {
  expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
  // The page's own button is not used: core starts live, as the model's tool does.
  expect((await app.evaluate(() => window.lumen.live.start())).ok).toBe(true);
  await expect(app.getByRole('button', { name: 'Stop live description' })).toBeVisible();
  // Frames arrive from the page's camera: the first is described.
  await expect(app.getByTestId('live-status')).toHaveText(
    /^Live description is on: 1 picture sent of [1-9]\d* looked at/,
    {
      timeout: 30_000
    }
  );
  await app.getByRole('button', { name: 'Stop live description' }).click();
  await expect(app.getByTestId('live-status')).toHaveText(/^Live description is off\./);
});

test('live description where the frame worker cannot run: the page draws the frames itself', async ({ app, fake }) => {
  // Every worker the page starts fails to load (as a missing file or a refusing policy would make it).
  await app.addInitScript(() => {
    const Real = window.Worker;
    window.Worker = class extends Real {
      constructor() {
        super('/no-such-worker.js');
      }
    };
  });
  await app.reload();
  expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
  await app.getByRole('button', { name: 'Start live description' }).click();
  await expect(app.getByTestId('live-status')).toHaveText(
    /^Live description is on: 1 picture sent of [1-9]\d* looked at/,
    { timeout: 30_000 }
  );
  await app.getByRole('button', { name: 'Stop live description' }).click();
  await expect(app.getByTestId('live-status')).toHaveText(/^Live description is off\./);
});
