import { app, BrowserWindow, powerMonitor, session, type IpcMainEvent, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { createCore } from '../core/app';
import { createConsoleLogger } from '../core/logger';
import { createSecretStore } from '../core/secrets';
import { LUMEN_VERSION } from '../core/version';
import type { ShortcutAction } from '../shared/settings';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { APP_PAGE, rendererUrl } from './app-url';
import { registerIpc, sendEvent } from './ipc-bridge';
import { guardContents, hardenSession } from './security';
import { isTrustedSender } from './sender';
import { DesktopScreenSource } from './screen-source';
import { GlobalShortcutRegistry } from './shortcuts';
import { chooseKeyVault, ElectronRecordStore, ElectronSettingsStore, openStore } from './stores';
import { createTray } from './tray';
import { createUpdateSource } from './updates';
import { createMainWindow } from './window';

/** The composition root: Electron adapters around the core. Nothing here decides anything. */
async function start() {
  // Tests and portable installs may keep Lumen's data elsewhere; must be set before anything reads it.
  if (process.env.LUMEN_USER_DATA_DIR) app.setPath('userData', process.env.LUMEN_USER_DATA_DIR);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // The page comes from app://lumen/, not file://: a real origin for permissions and IPC checks.
  registerAppScheme();
  await app.whenReady();

  const appUrl = rendererUrl(app, process.env, APP_PAGE);
  if (appUrl === APP_PAGE) handleAppProtocol(join(__dirname, '../renderer'));
  const icon = join(__dirname, '../../resources/icon.png');
  const env = { OPENAI_API_KEY: process.env.OPENAI_API_KEY, OPENAI_BASE_URL: process.env.OPENAI_BASE_URL };
  const logger = createConsoleLogger(undefined, () => [env.OPENAI_API_KEY ?? '']);

  let win: BrowserWindow | null = null;
  const targets = () => (win && !win.isDestroyed() ? [win.webContents] : []);
  const showWindow = () => {
    if (!win || win.isDestroyed())
      win = createMainWindow({ preload: join(__dirname, '../preload/index.js'), appUrl, icon });
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const store = openStore();
  const { vault, historyKeys, notice } = chooseKeyVault(store);
  const shortcuts = new GlobalShortcutRegistry((action: ShortcutAction) => {
    if (action === 'showLumen') return showWindow();
    sendEvent(core.router, targets, 'shortcut.triggered', { action });
  });
  const core = await createCore({
    host: 'electron',
    version: LUMEN_VERSION,
    platform: process.platform,
    secrets: createSecretStore(vault, env),
    settingsStore: new ElectronSettingsStore(store),
    records: new ElectronRecordStore(store),
    historyKeys,
    env,
    shortcuts,
    screen: new DesktopScreenSource((name) => name === 'Lumen'),
    updates: createUpdateSource(),
    logger
  });
  if (notice) core.startupNotices.push({ level: 'error', text: notice });

  hardenSession(session.defaultSession, appUrl);
  app.on('web-contents-created', (_e, contents) => guardContents(contents, appUrl));

  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent) =>
    isTrustedSender(
      event.senderFrame,
      BrowserWindow.getAllWindows().map((w) => w.webContents.mainFrame),
      appUrl
    );
  registerIpc(core.router, trusted);
  core.subscribe((channel, payload) => sendEvent(core.router, targets, channel, payload));

  showWindow();
  // Warm the offline voice now (off the main thread), so the first words without a key come quickly.
  void core.prepareOfflineVoice();
  win!.webContents.once('did-finish-load', () => {
    for (const n of core.startupNotices.splice(0)) sendEvent(core.router, targets, 'status', n);
    // The window is up: what its first describe needs is readied now, not on that press.
    void core.warmUp();
  });

  createTray(icon, {
    show: showWindow,
    // The same Stop as the window's: speech, answers and reading with the camera.
    stop: () => void core.router.invoke('assistant.stop', {}),
    quit: () => app.quit()
  });

  powerMonitor.on('lock-screen', () => core.away('lock-screen'));
  powerMonitor.on('suspend', () => core.away('suspend'));
  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  app.on('will-quit', () => shortcuts.dispose());
  // Lumen keeps running in the tray so global hotkeys still work with the window closed.
  app.on('window-all-closed', () => {});
}

void start();
