import AxeBuilder from '@axe-core/playwright';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INVOKE_CHANNELS } from '../../src/shared/channels';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai';
import { electronBinary } from './electron-binary';

const ROOT = join(import.meta.dirname, '..', '..');
const binary = electronBinary(ROOT);

test.describe('the Electron app', () => {
  test.skip(!binary.path, `Electron cannot run here: ${binary.reason}. These tests run where the binary exists.`);

  let app: ElectronApplication;
  let page: Page;
  let fake: FakeOpenAI;

  test.beforeAll(async () => {
    fake = await startFakeOpenAI();
    const env: Record<string, string> = { ...(process.env as Record<string, string>), OPENAI_BASE_URL: fake.baseURL };
    delete env.OPENAI_API_KEY;
    // The built page on app://lumen, not a dev server.
    delete env.ELECTRON_RENDERER_URL;
    env.LUMEN_USER_DATA_DIR = await mkdtemp(join(tmpdir(), 'lumen-electron-'));
    // Past the first-run setup (electron-store keeps core's records in lumen.json).
    const setup = { done: true, step: 'key', completed: [], greeted: true };
    await writeFile(join(env.LUMEN_USER_DATA_DIR, 'lumen.json'), JSON.stringify({ records: { setup } }));
    app = await electron.launch({ executablePath: binary.path, args: [ROOT], env });
    page = await app.firstWindow();
    await expect(page.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  });

  test.afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  test('the page has no Node, no raw IPC and no new windows; only the contract API', async () => {
    const page_ = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      groups: Object.keys(window.lumen).sort(),
      opened: window.open('https://example.com') === null
    }));
    // The contract's channel groups and the three helpers buildLumenApi adds: nothing else.
    const groups = new Set([...INVOKE_CHANNELS.map((c) => c.split('.')[0]!), 'on', 'handle', 'openStream']);
    expect(page_).toEqual({ require: 'undefined', process: 'undefined', groups: [...groups].sort(), opened: true });
  });

  test('the page comes from app://lumen with its policy; its worklets and sounds load, nothing outside it does', async () => {
    const assets = readdirSync(join(ROOT, 'out', 'renderer', 'assets'));
    const worklets = assets.filter((f) => /\.worklet-.*\.js$/.test(f)).sort();
    const earcon = assets.find((f) => f.endsWith('.wav'));
    expect(worklets).toHaveLength(2);
    const seen = await page.evaluate(
      async ({ worklets, earcon }) => {
        const index = await fetch('/index.html');
        const sound = await fetch(`/assets/${earcon}`);
        const context = new AudioContext();
        const loaded: string[] = [];
        for (const worklet of worklets) {
          await context.audioWorklet.addModule(`/assets/${worklet}`);
          loaded.push(worklet);
        }
        await context.close();
        const outside = await fetch('/assets/..%2f..%2fmain%2findex.js');
        const state = async (name: string) =>
          (await navigator.permissions.query({ name: name as PermissionName })).state;
        return {
          href: location.href,
          origin: location.origin,
          secure: isSecureContext,
          policy: index.headers.get('content-security-policy'),
          sound: [sound.status, sound.headers.get('content-type')],
          loaded,
          outside: outside.status,
          camera: await state('camera'),
          microphone: await state('microphone'),
          geolocation: await state('geolocation')
        };
      },
      { worklets, earcon }
    );
    expect(seen).toEqual({
      href: 'app://lumen/index.html',
      origin: 'app://lumen',
      secure: true,
      policy: expect.stringContaining("frame-ancestors 'none'"),
      sound: [200, 'audio/wav'],
      loaded: worklets,
      outside: 404,
      // The permission check gets the bare origin "app://lumen" and must recognise it.
      camera: 'granted',
      microphone: 'granted',
      geolocation: expect.not.stringMatching('granted')
    });
  });

  test('invokes, errors and streams work over the preload', async () => {
    const result = await page.evaluate(async () => {
      const ping = await window.lumen.app.ping({ nonce: 'e1' });
      const bad = await window.lumen.settings.update({ endpoint: 'ftp://x' });
      const stream = window.lumen.openStream('diag.echo');
      const echoed = new Promise<number[]>((resolve) => stream.onData((c) => resolve([...c])));
      stream.send(new Uint8Array([1, 2, 3]));
      return { ping, bad: bad.ok ? 'ok' : bad.error.code, echoed: await echoed };
    });
    expect(result).toEqual({ ping: { ok: true, value: { nonce: 'e1' } }, bad: 'INVALID_REQUEST', echoed: [1, 2, 3] });
  });

  test('settings keep a key without showing it, and the connection check reaches the service', async () => {
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
    await page.getByLabel('New API key').fill(fake.apiKey);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect(page.getByTestId('key-status')).toContainText('Key set');
    expect(await page.content()).not.toContain(fake.apiKey);
    await page.getByRole('button', { name: 'Check connection' }).click();
    await expect(page.getByTestId('live-polite')).toContainText('Connected to 127.0.0.1');
  });

  test('global hotkeys are registered and reported', async () => {
    const report = await page.evaluate(() => window.lumen.shortcuts.status());
    expect(report.ok && report.value.supported).toBe(true);
  });

  test('a watched window is followed when another comes in front, and its closing is said once', async () => {
    const open = (title: string) =>
      app.evaluate(({ BrowserWindow }, title) => {
        const w = new BrowserWindow({ width: 480, height: 320, title, show: true });
        void w.loadURL(`data:text/html,<title>${title}</title><h1>${title}</h1>`);
        return w.id;
      }, title);
    const close = (id: number) => app.evaluate(({ BrowserWindow }, id) => BrowserWindow.fromId(id)?.close(), id);
    const notes = await open('Notes');
    await page.getByRole('button', { name: 'Home', exact: true }).click();
    await page.getByRole('button', { name: 'Watch this window' }).click();
    await expect(page.getByTestId('watch-list')).toContainText('Notes: a window');
    // Another window in front: the watch keeps its own (a window brought forward is not "a change").
    const other = await open('Calendar');
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let seen: number | undefined;
          const off = window.lumen.on('watch.state', ({ watches }) => {
            const frames = watches[0]?.frames ?? 0;
            seen ??= frames;
            if (frames >= seen + 4) resolve(off());
          });
        })
    );
    await expect(page.getByTestId('watch-list')).toContainText('Notes: a window, 0 changes');
    await close(notes);
    await expect(page.getByTestId('live-assertive')).toContainText(
      'That window has closed. Lumen stops watching Notes.'
    );
    await expect(page.getByTestId('watch-list')).toHaveText('No watches running.');
    await close(other);
  });

  test('axe finds nothing', async () => {
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
