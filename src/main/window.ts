import { BrowserWindow } from 'electron';
import { guardContents, secureWebPreferences } from './security';

export interface WindowPaths {
  preload: string;
  /** app://lumen/index.html, or the dev server address during development. */
  appUrl: string;
  icon: string;
}

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 960,
    height: 720,
    minWidth: 360,
    minHeight: 400,
    title: 'Lumen',
    icon: paths.icon,
    show: false,
    backgroundColor: '#121212',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(paths.preload)
  });
  guardContents(win.webContents, paths.appUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(paths.appUrl);
  return win;
}
