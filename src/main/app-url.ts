/** The scheme Lumen's own page is served from: standard and secure, so it has an origin of its own. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lumen';
/** The origin as Chromium writes it (a permission check's `requestingOrigin`, say). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The built renderer's page. */
export const APP_PAGE = `${APP_ORIGIN}/index.html`;

/**
 * The origin of a page's address, or of an origin string as Chromium passes it, written
 * `scheme://host[:port]`; undefined for anything that is not http(s) or our scheme. (Node's URL
 * gives every non-web scheme the opaque origin "null", which would make all of them equal.)
 */
export function originOf(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  if (url.protocol === `${APP_SCHEME}:` && url.hostname) return `${url.protocol}//${url.host.toLowerCase()}`;
  return undefined;
}

/**
 * Whether `urlOrOrigin` (a page's full address, or the bare origin Chromium gives a permission or
 * display-media request) belongs to our renderer: the app:// page, or the dev server in development.
 */
export function isAppOrigin(urlOrOrigin: string, appUrl: string): boolean {
  const ours = originOf(appUrl);
  return ours !== undefined && originOf(urlOrOrigin) === ours;
}

/**
 * The page Lumen's window shows, which is also the origin trusted with IPC, the camera and the
 * microphone. `ELECTRON_RENDERER_URL` (electron-vite's dev server) counts only in development: a
 * packaged app always shows its own files, whatever its environment says.
 */
export function rendererUrl(
  app: { readonly isPackaged: boolean },
  env: Readonly<Record<string, string | undefined>>,
  builtPage: string = APP_PAGE
): string {
  const dev = env.ELECTRON_RENDERER_URL;
  if (app.isPackaged || !dev) return builtPage;
  try {
    const { protocol } = new URL(dev);
    return protocol === 'http:' || protocol === 'https:' ? dev : builtPage;
  } catch {
    return builtPage;
  }
}
