import { TOKEN_REFUSED } from '../../src/host/web/frames';
import { MAX_PICTURE_BYTES } from '../../src/shared/wire';
import { pageScript } from './core-module';
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

test('pictures a page sends fit what the host takes: a 4K and an 8K screen of noise read for text, a 4K camera frame described', async ({
  page
}) => {
  test.setTimeout(120_000);
  await page.addScriptTag({ content: await pageScript('src/renderer/src/capture/frames.ts', 'lumenFrames') });
  const sent = await page.evaluate(async () => {
    const { nativeFrame, frameFrom } = (
      window as unknown as { lumenFrames: typeof import('../../src/renderer/src/capture/frames') }
    ).lumenFrames;
    const canvas = (width: number, height: number, paint: 'noise' | 'text') => {
      const c = document.createElement('canvas');
      c.width = width;
      c.height = height;
      const context = c.getContext('2d')!;
      if (paint === 'text') {
        context.fillStyle = '#fff';
        context.fillRect(0, 0, width, height);
        context.fillStyle = '#000';
        context.font = '16px sans-serif';
        for (let y = 20; y < height; y += 24)
          context.fillText('Small screen text must survive for reading. '.repeat(8), 4, y);
        return c;
      }
      const image = context.createImageData(width, height);
      let seed = 14;
      for (let i = 0; i < image.data.length; i++) {
        // xorshift32: noise no encoder can compress, like a screen full of photographs at worst.
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        image.data[i] = i % 4 === 3 ? 255 : seed & 0xff;
      }
      context.putImageData(image, 0, 0);
      return c;
    };
    const kind = (bytes: Uint8Array) => (bytes[0] === 0x89 ? 'png' : 'jpeg');
    const describe = async (c: HTMLCanvasElement, frame: { bytes: Uint8Array; width: number; height: number }) => ({
      kind: kind(frame.bytes),
      bytes: frame.bytes.byteLength,
      size: `${frame.width}x${frame.height}`,
      decoded: await createImageBitmap(new Blob([frame.bytes as Uint8Array<ArrayBuffer>])).then(
        (b) => `${b.width}x${b.height}`
      ),
      of: `${c.width}x${c.height}`
    });
    const text4k = canvas(3840, 2160, 'text');
    const noise4k = canvas(3840, 2160, 'noise');
    const results = {
      text4k: await describe(text4k, await nativeFrame(text4k, 3840, 2160)),
      noise4k: await describe(noise4k, await nativeFrame(noise4k, 3840, 2160)),
      camera4k: await describe(noise4k, await frameFrom(noise4k, 3840, 2160, 'high'))
    };
    const noise8k = canvas(7680, 4320, 'noise');
    return { ...results, noise8k: await describe(noise8k, await nativeFrame(noise8k, 7680, 4320)) };
  });
  for (const [name, picture] of Object.entries(sent)) {
    expect(picture.bytes, name).toBeLessThanOrEqual(MAX_PICTURE_BYTES);
    expect(picture.decoded, name).toBe(picture.size);
  }
  // Screen text stays lossless at its own size; only what would not fit changes.
  expect(sent.text4k).toMatchObject({ kind: 'png', size: '3840x2160' });
  expect(sent.noise4k.kind).toBe('jpeg');
  expect(sent.camera4k.kind).toBe('jpeg');
});
