/**
 * A stand-in for the `electron` module, so the main-process adapters run under plain Node.
 * It records what the adapters ask of Electron; tests then play Electron's part.
 */
type Listener = (...args: any[]) => any;

class Emitter {
  listeners = new Map<string, Listener[]>();
  on(name: string, fn: Listener) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
    return this;
  }
  once(name: string, fn: Listener) {
    return this.on(name, fn);
  }
  removeListener(name: string, fn: Listener) {
    this.listeners.set(
      name,
      (this.listeners.get(name) ?? []).filter((l) => l !== fn)
    );
    return this;
  }
  emit(name: string, ...args: any[]) {
    for (const l of this.listeners.get(name) ?? []) l(...args);
  }
}

export const ipcMain = Object.assign(new Emitter(), {
  handlers: new Map<string, Listener>(),
  handle(channel: string, fn: Listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
});

export const globalShortcut = {
  taken: new Set<string>(),
  registered: new Map<string, Listener>(),
  register(accelerator: string, fn: Listener) {
    if (this.taken.has(accelerator)) return false;
    this.registered.set(accelerator, fn);
    return true;
  },
  unregisterAll() {
    this.registered.clear();
  }
};

export const safeStorage = {
  available: true,
  /** What Linux chose; `basic_text` when no keyring was found. */
  backend: 'gnome_libsecret',
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString(text: string) {
    return Buffer.from([...Buffer.from(text, 'utf8')].map((b) => b ^ 0x5a));
  },
  decryptString(buf: Buffer) {
    return Buffer.from([...buf].map((b) => b ^ 0x5a)).toString('utf8');
  }
};

/** A NativeImage with a size and fake JPEG bytes (or none, as when macOS withholds permission). */
export const thumbnail = (width: number, height: number) => ({
  isEmpty: () => width === 0,
  getSize: () => ({ width, height }),
  toJPEG: (quality: number) => Buffer.from(`jpeg ${width}x${height} q${quality}`)
});

export const desktopCapturer = {
  sources: [{ id: 'screen:0:0', name: 'Entire screen', thumbnail: thumbnail(3840, 2160) }] as Array<
    Record<string, any>
  >,
  requests: [] as unknown[],
  async getSources(options: unknown) {
    this.requests.push(options);
    return this.sources;
  }
};

const displays = [
  { id: 1, label: 'Built-in', size: { width: 1920, height: 1080 }, scaleFactor: 2 },
  { id: 2, label: 'Projector', size: { width: 1280, height: 800 }, scaleFactor: 1 }
];
export const screen = {
  getPrimaryDisplay: () => displays[0]!,
  getAllDisplays: () => displays
};

export const systemPreferences = {
  screenAccess: 'granted',
  getMediaAccessStatus() {
    return this.screenAccess;
  }
};

export class WebContents extends Emitter {
  mainFrame = { url: '' };
  openHandler?: Listener;
  sent: Array<[string, unknown]> = [];
  destroyed = false;
  setWindowOpenHandler(fn: Listener) {
    this.openHandler = fn;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  getURL() {
    return this.mainFrame.url;
  }
}

export class BrowserWindow extends Emitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows() {
    return BrowserWindow.windows;
  }
  webContents = new WebContents();
  loadedUrl?: string;
  constructor(public options: Record<string, any>) {
    super();
    BrowserWindow.windows.push(this);
  }
  async loadURL(url: string) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show() {}
}

export class Session {
  permissionRequest?: Listener;
  permissionCheck?: Listener;
  displayMedia?: Listener;
  setPermissionRequestHandler(fn: Listener) {
    this.permissionRequest = fn;
  }
  setPermissionCheckHandler(fn: Listener) {
    this.permissionCheck = fn;
  }
  setDisplayMediaRequestHandler(fn: Listener) {
    this.displayMedia = fn;
  }
}
export const session = { defaultSession: new Session() };

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Listener>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, fn: Listener) {
    this.handlers.set(scheme, fn);
  }
};

/** `isPackaged` is false, as when Lumen runs from its sources. */
export const app = Object.assign(new Emitter(), {
  isPackaged: false,
  paths: { userData: '' } as Record<string, string>,
  getPath(name: string) {
    return this.paths[name] ?? '';
  },
  getVersion() {
    return '0.1.0';
  }
});
export const nativeImage = { createFromPath: (p: string) => ({ path: p }) };
export const Menu = { buildFromTemplate: (t: unknown) => t };
export class Tray extends Emitter {
  constructor(public image: unknown) {
    super();
  }
  setToolTip() {}
  setContextMenu() {}
}

export default {
  ipcMain,
  globalShortcut,
  safeStorage,
  desktopCapturer,
  BrowserWindow,
  session,
  protocol,
  app,
  nativeImage,
  Menu,
  Tray
};
