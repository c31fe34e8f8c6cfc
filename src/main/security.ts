import { desktopCapturer, type Session, type WebContents, type WebPreferences } from 'electron';
import { isAppOrigin } from './app-url';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false
  };
}

/**
 * Only camera and microphone, and only for our own page. Everything else is refused. Requests give
 * the page's address, checks only its origin ("app://lumen"): both are compared by origin.
 */
export function permissionAllowed(permission: string, requesting: string, appUrl: string): boolean {
  return permission === 'media' && isAppOrigin(requesting, appUrl);
}

export function hardenSession(session: Session, appUrl: string): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl ?? contents.getURL(), appUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    permissionAllowed(permission, requestingOrigin, appUrl)
  );
  // getDisplayMedia from our page gets the primary screen; other pages get nothing.
  session.setDisplayMediaRequestHandler(async (request, callback) => {
    if (!isAppOrigin(request.securityOrigin || request.frame?.url || '', appUrl)) return callback({});
    const sources = await desktopCapturer.getSources({ types: ['screen'] });
    const first = sources[0];
    callback(first ? { video: first } : {});
  });
}

/** No navigation away from our page, no new windows, no webviews. */
export function guardContents(contents: WebContents, appUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppOrigin(url, appUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppOrigin(url, appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
