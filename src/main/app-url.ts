/** Whether `url` is a page of our own renderer (the built file, or the dev server in development). */
export function isAppUrl(url: string, appUrl: string): boolean {
  let candidate: URL;
  let ours: URL;
  try {
    candidate = new URL(url);
    ours = new URL(appUrl);
  } catch {
    return false;
  }
  if (ours.protocol === 'file:') return candidate.protocol === 'file:' && candidate.pathname === ours.pathname;
  return candidate.origin === ours.origin;
}

/**
 * The page Lumen's window shows, which is also the origin trusted with IPC, the camera and the
 * microphone. `ELECTRON_RENDERER_URL` (electron-vite's dev server) counts only in development: a
 * packaged app always shows its own files, whatever its environment says.
 */
export function rendererUrl(
  app: { readonly isPackaged: boolean },
  env: Readonly<Record<string, string | undefined>>,
  builtPage: string
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
