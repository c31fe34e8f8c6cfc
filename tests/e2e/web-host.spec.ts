import { TOKEN_REFUSED } from '../../src/host/web/frames';
import { expect, hostSocket, test } from './fixtures';

const heading = (page: import('@playwright/test').Page) => page.getByRole('heading', { level: 1, name: 'Lumen' });

test('the token leaves the address bar at once, no cookie is set, and a reload of the tab still connects', async ({
  app,
  lumen
}) => {
  expect(app.url()).toBe(`http://127.0.0.1:${lumen.port}/`);
  expect(await app.context().cookies()).toEqual([]);
  const sockets: string[] = [];
  app.on('websocket', (ws) => sockets.push(ws.url()));
  await app.reload();
  await expect(heading(app)).toBeVisible();
  expect(app.url()).toBe(`http://127.0.0.1:${lumen.port}/`);
  expect(await app.evaluate(() => window.lumen.app.ping({ nonce: 'after a reload' }))).toEqual({
    ok: true,
    value: { nonce: 'after a reload' }
  });
  expect(sockets).toEqual([`ws://127.0.0.1:${lumen.port}/lumen-ws`]);
  expect(await app.context().cookies()).toEqual([]);
  // Going back does not reach an entry that still holds the token.
  await app.goBack();
  expect(app.url()).not.toContain(lumen.token);
});

test('a page opened without its token says what to do and opens no socket', async ({ page, lumen }) => {
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const response = await page.goto(`http://127.0.0.1:${lumen.port}/`);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('status-log')).toContainText(
    'This page needs its token. Open the full address that Lumen printed when it started.'
  );
  expect(await page.evaluate(() => window.lumen.app.ping({ nonce: 'x' }))).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' }
  });
  expect(sockets).toEqual([]);
});

test('a tab holding an old token (Lumen started again) is told to open the new address', async ({ app }) => {
  await app.evaluate(() => sessionStorage.setItem('lumen-token', 'an-old-token-from-yesterday'));
  const closed = app.waitForEvent('websocket').then((ws) => ws.waitForEvent('close'));
  await app.reload();
  await closed;
  await expect(app.getByTestId('status-log')).toContainText('This page needs its token.');
  expect(await app.evaluate(() => window.lumen.app.ping({ nonce: 'x' }))).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN' }
  });
  expect(await app.evaluate(() => sessionStorage.getItem('lumen-token'))).toBeNull();
});

test('one frame nested 100 000 deep gets INVALID_REQUEST with its id, and the host process answers the next request', async ({
  lumen
}) => {
  const socket = await hostSocket(lumen);
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const refused = socket.reply(7);
  socket.ws.send(`{"t":"invoke","id":7,"channel":"describe.start","payload":${deep}}`);
  expect(await refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  expect(await socket.invoke(8, 'app.ping', { nonce: 'still here' })).toEqual({
    ok: true,
    value: { nonce: 'still here' }
  });
  expect(lumen.process.exitCode).toBeNull();
  socket.ws.close();
});

test('a local tool without the token gets its socket closed before anything reaches it', async ({ lumen }) => {
  const socket = await hostSocket(lumen, ['lumen']);
  expect(await socket.closed).toBe(TOKEN_REFUSED);
});
