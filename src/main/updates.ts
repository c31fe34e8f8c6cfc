import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { UpdateSource } from '../core/ports';

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * electron-updater on the release feed that electron-builder wrote into app-update.yml (see
 * scripts/package/builder-config.ts, releaseFeed). Only a packaged app built with a feed has one:
 * in development, and in a package made without a feed, Lumen has no updates.
 */
export function createUpdateSource(): UpdateSource | undefined {
  if (!app.isPackaged || !existsSync(join(process.resourcesPath, 'app-update.yml'))) return undefined;
  // Core asks for the download once the page knows the connection is not metered, or the user said yes.
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = true;
  return {
    start(listener) {
      autoUpdater.on('update-available', (info) =>
        listener.available(
          info.version,
          info.files.reduce((sum, file) => sum + (file.size ?? 0), 0)
        )
      );
      autoUpdater.on('download-progress', (progress) => listener.progress(progress.percent));
      autoUpdater.on('update-downloaded', (info) => listener.downloaded(info.version));
      autoUpdater.on('error', (error) => listener.failed(error.message));
      const check = () => void autoUpdater.checkForUpdates().catch((error: Error) => listener.failed(error.message));
      check();
      setInterval(check, CHECK_EVERY_MS).unref();
    },
    download: () => autoUpdater.downloadUpdate().then(() => undefined),
    install: () => autoUpdater.quitAndInstall()
  };
}
