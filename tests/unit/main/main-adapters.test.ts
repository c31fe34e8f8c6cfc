import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as electron from './electron-stand-in';
import { memoryCore } from '../helpers';
import { INVOKE_CHANNELS, IPC_STREAM_OPEN, ipcName } from '../../../src/shared/contract';
import { DEFAULT_SHORTCUTS } from '../../../src/shared/settings';

vi.mock('electron', () => import('./electron-stand-in'));
// electron-store loads the real electron package itself; the adapters get a map-backed store instead.
vi.mock('electron-store', () => ({ default: class {} }));

const { createMainWindow } = await import('../../../src/main/window');
const { guardContents, hardenSession, permissionAllowed } = await import('../../../src/main/security');
const { isTrustedSender } = await import('../../../src/main/sender');
const { registerIpc, sendEvent } = await import('../../../src/main/ipc-bridge');
const { GlobalShortcutRegistry } = await import('../../../src/main/shortcuts');
const { chooseKeyVault, SafeStorageKeyVault } = await import('../../../src/main/stores');
const { DesktopScreenSource } = await import('../../../src/main/screen-source');
const { rendererUrl } = await import('../../../src/main/app-url');

/** The built page, as the packaged app shows it, and the dev server's page. */
const APP_URL = 'app://lumen/index.html';
const DEV_URL = 'http://localhost:5173';
/** What Chromium passes as a permission check's requestingOrigin or a display-media securityOrigin. */
const ORIGIN = { app: 'app://lumen', dev: 'http://localhost:5173' } as const;

beforeEach(() => {
  electron.ipcMain.handlers.clear();
  electron.ipcMain.listeners.clear();
  electron.globalShortcut.taken.clear();
  electron.globalShortcut.registered.clear();
  electron.BrowserWindow.windows = [];
  electron.safeStorage.available = true;
  electron.safeStorage.backend = 'gnome_libsecret';
  electron.desktopCapturer.sources = [
    { id: 'screen:0:0', name: 'Entire screen', thumbnail: electron.thumbnail(3840, 2160) }
  ];
});

describe('main window', () => {
  it('is created isolated, sandboxed and without Node', () => {
    const win = createMainWindow({ preload: '/p/preload.js', appUrl: APP_URL, icon: '/i.png' }) as any;
    expect(win.options.webPreferences).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false
    });
    expect(win.loadedUrl).toBe(APP_URL);
  });

  it('refuses navigation away from our page and every new window', () => {
    const contents = new electron.WebContents();
    guardContents(contents as any, APP_URL);
    const navigate = (url: string) => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        }
      };
      contents.emit('will-navigate', event, url);
      return event.prevented;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://evil/index.html')).toBe(true);
    expect(navigate('data:text/html,<h1>Lumen</h1>')).toBe(true);
    expect(navigate(`${APP_URL}#settings`)).toBe(false);
    expect(contents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});

describe('the page the window shows', () => {
  const BUILT = 'app://lumen/index.html';

  it('is the renderer on app://lumen, not a file:// page', () => {
    expect(rendererUrl({ isPackaged: true }, {})).toBe('app://lumen/index.html');
    expect(rendererUrl({ isPackaged: false }, {})).toBe('app://lumen/index.html');
    expect(rendererUrl({ isPackaged: false }, { ELECTRON_RENDERER_URL: DEV_URL })).toBe(DEV_URL);
  });

  it('obeys ELECTRON_RENDERER_URL in development only, never in a packaged app', () => {
    const hostile = { ELECTRON_RENDERER_URL: 'http://evil.example:5173/' };
    expect(rendererUrl({ isPackaged: true }, hostile, BUILT)).toBe(BUILT);
    expect(rendererUrl({ isPackaged: true }, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, BUILT)).toBe(BUILT);
    expect(rendererUrl({ isPackaged: false }, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }, BUILT)).toBe(
      'http://localhost:5173'
    );
    expect(rendererUrl({ isPackaged: false }, {}, BUILT)).toBe(BUILT);
  });

  it('takes only a web address as the dev server, even in development', () => {
    for (const odd of ['file:///tmp/evil.html', 'javascript:alert(1)', 'data:text/html,hi', 'not a url']) {
      expect(rendererUrl({ isPackaged: false }, { ELECTRON_RENDERER_URL: odd }, BUILT), odd).toBe(BUILT);
    }
  });
});

describe('permissions', () => {
  it('grants camera and microphone to our page only', () => {
    expect(permissionAllowed('media', APP_URL, APP_URL)).toBe(true);
    expect(permissionAllowed('media', 'https://evil.example/', APP_URL)).toBe(false);
    expect(permissionAllowed('geolocation', APP_URL, APP_URL)).toBe(false);
    expect(permissionAllowed('notifications', APP_URL, APP_URL)).toBe(false);
  });

  it('compares origins: the bare origin Chromium passes matches our page, and nothing else does', () => {
    for (const [page, origin] of [
      [APP_URL, ORIGIN.app],
      [DEV_URL, ORIGIN.dev]
    ] as const) {
      expect(permissionAllowed('media', origin, page), origin).toBe(true);
      expect(permissionAllowed('media', `${origin}/`, page), origin).toBe(true);
      expect(permissionAllowed('media', `${origin}/index.html#home`, page), origin).toBe(true);
    }
    // Every other origin, including the opaque ones Node's URL would call "null" like app://'s.
    for (const other of [
      'app://evil',
      'app://lumen.evil',
      'app://lumen:8080',
      'http://lumen',
      'http://localhost:5174',
      'https://localhost:5173',
      'file://',
      'file:///opt/lumen/out/renderer/index.html',
      'data:text/html,x',
      'blob:app://lumen/1',
      'null',
      ''
    ]) {
      expect(permissionAllowed('media', other, APP_URL), other).toBe(false);
    }
    expect(permissionAllowed('media', ORIGIN.app, DEV_URL)).toBe(false);
    expect(permissionAllowed('media', ORIGIN.dev, APP_URL)).toBe(false);
  });

  for (const [name, page, origin] of [
    ['the app:// page', APP_URL, ORIGIN.app],
    ['the dev server', DEV_URL, ORIGIN.dev]
  ] as const) {
    it(`installs request, check and display-media handlers that decide the same way, for ${name}`, async () => {
      const session = new electron.Session();
      hardenSession(session as any, page);
      const decide = (permission: string, requestingUrl: string) =>
        new Promise((resolve) =>
          session.permissionRequest?.({ getURL: () => '' }, permission, resolve, { requestingUrl })
        );
      expect(await decide('media', `${origin}/index.html`)).toBe(true);
      expect(await decide('media', 'http://127.0.0.1:9/')).toBe(false);
      expect(await decide('clipboard-read', `${origin}/index.html`)).toBe(false);
      // A check gives the origin alone, as Chromium does.
      expect(session.permissionCheck?.(null, 'media', origin)).toBe(true);
      expect(session.permissionCheck?.(null, 'media', 'https://x.example')).toBe(false);
      expect(session.permissionCheck?.(null, 'media', 'file://')).toBe(false);
      const displayMedia = (request: object) => new Promise((resolve) => session.displayMedia?.(request, resolve));
      expect(await displayMedia({ securityOrigin: origin })).toEqual({
        video: expect.objectContaining({ id: 'screen:0:0', name: 'Entire screen' })
      });
      expect(await displayMedia({ securityOrigin: '', frame: { url: `${origin}/index.html` } })).toMatchObject({
        video: expect.anything()
      });
      expect(await displayMedia({ securityOrigin: 'https://x.example' })).toEqual({});
      expect(await displayMedia({ securityOrigin: 'app://evil' })).toEqual({});
      expect(await displayMedia({ securityOrigin: 'null' })).toEqual({});
    });
  }
});

describe('IPC bridge', () => {
  it('accepts our window’s top frame on our page, and nothing else', () => {
    const ours = { url: APP_URL } as any;
    const iframe = { url: APP_URL } as any;
    const navigated = { url: 'https://evil.example/' } as any;
    expect(isTrustedSender(ours, [ours], APP_URL)).toBe(true);
    expect(isTrustedSender(iframe, [ours], APP_URL)).toBe(false);
    expect(isTrustedSender(navigated, [ours, navigated], APP_URL)).toBe(false);
    expect(isTrustedSender(null, [ours], APP_URL)).toBe(false);
  });

  it('trusts a frame by its origin, for the app:// page and the dev server', () => {
    const frame = (url: string) => ({ url }) as any;
    for (const url of ['app://lumen/index.html', 'app://lumen/index.html#settings', 'app://lumen/']) {
      const f = frame(url);
      expect(isTrustedSender(f, [f], APP_URL), url).toBe(true);
    }
    for (const url of ['app://evil/index.html', 'file:///opt/lumen/out/renderer/index.html', 'data:text/html,x']) {
      const f = frame(url);
      expect(isTrustedSender(f, [f], APP_URL), url).toBe(false);
    }
    const dev = frame('http://localhost:5173/');
    expect(isTrustedSender(dev, [dev], DEV_URL)).toBe(true);
    expect(isTrustedSender(dev, [dev], APP_URL)).toBe(false);
    const otherPort = frame('http://localhost:5174/');
    expect(isTrustedSender(otherPort, [otherPort], DEV_URL)).toBe(false);
  });

  it('registers one handler per invoke channel and answers through the router', async () => {
    const core = await memoryCore();
    registerIpc(core.router, (event: any) => event.trusted);
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(INVOKE_CHANNELS.map(ipcName).sort());
    expect(electron.ipcMain.listeners.get(IPC_STREAM_OPEN)).toHaveLength(1);
    const ping = electron.ipcMain.handlers.get(ipcName('app.ping'))!;
    expect(await ping({ trusted: true }, { nonce: 'n1' })).toEqual({ ok: true, value: { nonce: 'n1' } });
    expect(await ping({ trusted: false }, { nonce: 'n1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ping({ trusted: true }, { nonce: 5 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
  });

  it('carries binary streams over a MessagePort and refuses untrusted or unknown ones', async () => {
    const core = await memoryCore();
    registerIpc(core.router, (event: any) => event.trusted);
    const open = electron.ipcMain.listeners.get(IPC_STREAM_OPEN)![0]!;
    const port = new FakePort();
    open({ trusted: true, ports: [port] }, { channel: 'diag.echo' });
    port.deliver(new Uint8Array([7, 8, 9]));
    expect(port.posted).toEqual([new Uint8Array([7, 8, 9])]);

    const refused = new FakePort();
    open({ trusted: false, ports: [refused] }, { channel: 'diag.echo' });
    expect(refused.posted).toEqual([{ closed: true, error: expect.objectContaining({ code: 'FORBIDDEN' }) }]);
    expect(refused.closed).toBe(true);

    const unknown = new FakePort();
    open({ trusted: true, ports: [unknown] }, { channel: 'nope' });
    expect(unknown.posted).toEqual([{ closed: true, error: expect.objectContaining({ code: 'UNKNOWN_CHANNEL' }) }]);
  });

  it('sends only valid events, and only to live windows', async () => {
    const core = await memoryCore();
    const live = new electron.WebContents();
    const gone = Object.assign(new electron.WebContents(), { destroyed: true });
    sendEvent(core.router, () => [live, gone] as any, 'status', { level: 'info', text: 'Ready.' });
    sendEvent(core.router, () => [live] as any, 'status', { level: 'info', text: '' });
    expect(live.sent).toEqual([['lumen:status', { level: 'info', text: 'Ready.' }]]);
    expect(gone.sent).toEqual([]);
  });
});

describe('global hotkeys', () => {
  it('registers the defaults and fires the bound action', () => {
    const fired: string[] = [];
    const registry = new GlobalShortcutRegistry((a) => fired.push(a));
    const report = registry.apply(DEFAULT_SHORTCUTS);
    expect(report.entries.every((e) => e.registered)).toBe(true);
    electron.globalShortcut.registered.get('CommandOrControl+Alt+Shift+S')?.();
    expect(fired).toEqual(['describeScreen']);
  });

  it('reports hotkeys another app owns, our own clashes, and invalid ones instead of losing them', () => {
    electron.globalShortcut.taken.add('CommandOrControl+Alt+Shift+S');
    const registry = new GlobalShortcutRegistry(() => {});
    const report = registry.apply({ ...DEFAULT_SHORTCUTS, stop: 'Alt+Shift+Ctrl+Cmd+S', talk: 'Ctrl+Nope' });
    const byAction = Object.fromEntries(report.entries.map((e) => [e.action, e]));
    expect(byAction.describeScreen).toMatchObject({
      registered: false,
      problem: expect.stringContaining('another app')
    });
    expect(byAction.talk).toMatchObject({ registered: false, problem: expect.stringContaining('"Nope"') });
    expect(byAction.describeCamera).toMatchObject({ registered: true });
    expect(registry.report()).toEqual(report);
  });

  it('announces failures when settings change the hotkeys', async () => {
    const registry = new GlobalShortcutRegistry(() => {});
    const core = await memoryCore({ host: 'electron', shortcuts: registry });
    const said: string[] = [];
    core.subscribe((channel, payload) => channel === 'status' && said.push((payload as { text: string }).text));
    electron.globalShortcut.taken.add('Alt+F7');
    await core.router.invoke('settings.update', { shortcuts: { stop: 'Alt+F7' } });
    expect(said).toEqual(['Alt+F7 for Stop is taken by another app.']);
    const status = await core.router.invoke('shortcuts.status', {});
    expect(status).toMatchObject({ ok: true, value: { supported: true } });
  });
});

describe('key storage', () => {
  const memoryStore = () => {
    const data = new Map<string, unknown>();
    return {
      data,
      get: (k: string) => data.get(k),
      set: (k: string, v: unknown) => void data.set(k, v),
      delete: (k: string) => void data.delete(k)
    };
  };

  it('stores only the encrypted key when the OS can encrypt', async () => {
    const store = memoryStore();
    const { vault, notice } = chooseKeyVault(store as any);
    expect(vault).toBeInstanceOf(SafeStorageKeyVault);
    expect(notice).toBeUndefined();
    await vault.save('sk-secret-value-123');
    expect(JSON.stringify([...store.data])).not.toContain('sk-secret-value-123');
    expect(await vault.load()).toBe('sk-secret-value-123');
  });

  it('keeps the key in memory only, and says so, when the OS cannot encrypt', async () => {
    electron.safeStorage.available = false;
    const store = memoryStore();
    const { vault, notice } = chooseKeyVault(store as any);
    await vault.save('sk-secret-value-123');
    expect(vault.storage).toBe('memory');
    expect(store.data.size).toBe(0);
    expect(notice).toContain('kept only until Lumen closes');
  });

  it('treats Linux’s basic_text store, which only obscures, like no keychain: memory only, and says so', async () => {
    electron.safeStorage.backend = 'basic_text';
    const store = memoryStore();
    const { vault, historyKeys, notice } = chooseKeyVault(store as any, 'linux');
    await vault.save('sk-secret-value-123');
    await historyKeys.save('history-key');
    expect([vault.storage, historyKeys.storage]).toEqual(['memory', 'memory']);
    expect(store.data.size).toBe(0);
    expect(notice).toContain('kept only until Lumen closes');
  });

  it('uses the keychain on Linux when a real keyring was found, and asks for the backend only on Linux', () => {
    for (const backend of ['gnome_libsecret', 'kwallet5', 'kwallet6']) {
      electron.safeStorage.backend = backend;
      expect(chooseKeyVault(memoryStore() as any, 'linux').vault, backend).toBeInstanceOf(SafeStorageKeyVault);
    }
    electron.safeStorage.backend = 'basic_text';
    expect(chooseKeyVault(memoryStore() as any, 'darwin').vault).toBeInstanceOf(SafeStorageKeyVault);
    expect(chooseKeyVault(memoryStore() as any, 'win32').historyKeys).toBeInstanceOf(SafeStorageKeyVault);
  });
});

class FakePort {
  posted: unknown[] = [];
  closed = false;
  private onMessage?: (e: { data: unknown }) => void;
  on(name: string, fn: (e: { data: unknown }) => void) {
    if (name === 'message') this.onMessage = fn;
  }
  start() {}
  postMessage(m: unknown) {
    this.posted.push(m);
  }
  close() {
    this.closed = true;
  }
  deliver(data: unknown) {
    this.onMessage?.({ data });
  }
}

describe('screenshots', () => {
  it('captures the whole screen at full resolution', async () => {
    const shot = await new DesktopScreenSource(() => false).capture('screen');
    expect(electron.desktopCapturer.requests.at(-1)).toEqual({
      types: ['screen'],
      thumbnailSize: { width: 3840, height: 2160 }
    });
    expect(shot).toMatchObject({ width: 3840, height: 2160, name: 'Entire screen' });
    expect(Buffer.from(shot.image).toString()).toBe('jpeg 3840x2160 q92');
  });

  it('captures the display chosen in settings, scaled to the size that will be sent', async () => {
    electron.desktopCapturer.sources = [
      { id: 'screen:1', name: 'Screen 1', display_id: '1', thumbnail: electron.thumbnail(3840, 2160) },
      { id: 'screen:2', name: 'Screen 2', display_id: '2', thumbnail: electron.thumbnail(1024, 640) }
    ];
    const source = new DesktopScreenSource(() => false);
    expect(source.displays()).toEqual([
      { id: '1', name: 'Built-in', primary: true, width: 3840, height: 2160 },
      { id: '2', name: 'Projector', primary: false, width: 1280, height: 800 }
    ]);
    const shot = await source.capture('screen', {
      displayId: '2',
      fit: (w, h) => ({ width: w * 0.8, height: h * 0.8 })
    });
    expect(electron.desktopCapturer.requests.at(-1)).toEqual({
      types: ['screen'],
      thumbnailSize: { width: 1024, height: 640 }
    });
    expect(shot.name).toBe('Screen 2');
  });

  it('takes the frontmost window that is not Lumen', async () => {
    electron.desktopCapturer.sources = [
      { id: 'window:1', name: 'Lumen', thumbnail: electron.thumbnail(800, 600) },
      { id: 'window:2', name: 'Inbox - Mail', thumbnail: electron.thumbnail(1200, 900) }
    ];
    const shot = await new DesktopScreenSource((name) => name === 'Lumen').capture('window');
    expect(shot).toMatchObject({ name: 'Inbox - Mail', width: 1200 });
  });

  it('follows a window by the id its first screenshot gave, in front or not, and says when it has closed', async () => {
    const mail = { id: 'window:2', name: 'Inbox - Mail', thumbnail: electron.thumbnail(1200, 900) };
    const editor = { id: 'window:7', name: 'Notes - Editor', thumbnail: electron.thumbnail(1000, 700) };
    electron.desktopCapturer.sources = [mail, editor];
    const source = new DesktopScreenSource(() => false);
    const first = await source.capture('window');
    expect(first).toMatchObject({ name: 'Inbox - Mail', sourceId: 'window:2' });

    electron.desktopCapturer.sources = [editor, mail];
    expect(await source.capture('window', { sourceId: first.sourceId })).toMatchObject({ name: 'Inbox - Mail' });
    expect(await source.capture('window')).toMatchObject({ name: 'Notes - Editor' });

    electron.desktopCapturer.sources = [editor];
    await expect(source.capture('window', { sourceId: first.sourceId })).rejects.toMatchObject({
      code: 'GONE',
      message: 'That window has closed.'
    });
  });

  it('lists the windows on the screen by name, without drawing them, leaving out Lumen', async () => {
    electron.desktopCapturer.sources = [
      { id: 'window:1', name: 'Lumen', thumbnail: electron.thumbnail(0, 0) },
      { id: 'window:2', name: 'Vault — Bitwarden', thumbnail: electron.thumbnail(0, 0) },
      { id: 'window:3', name: '', thumbnail: electron.thumbnail(0, 0) },
      { id: 'window:4', name: 'Inbox - Mail', thumbnail: electron.thumbnail(0, 0) }
    ];
    const windows = await new DesktopScreenSource((name) => name === 'Lumen').visibleWindows();
    expect(windows).toEqual(['Vault — Bitwarden', 'Inbox - Mail']);
    expect(electron.desktopCapturer.requests.at(-1)).toEqual({
      types: ['window'],
      thumbnailSize: { width: 0, height: 0 },
      fetchWindowIcons: false
    });
  });

  it('explains an empty capture instead of sending a black picture', async () => {
    electron.desktopCapturer.sources = [
      { id: 'screen:0:0', name: 'Entire screen', thumbnail: electron.thumbnail(0, 0) }
    ];
    await expect(new DesktopScreenSource(() => false).capture('screen')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
