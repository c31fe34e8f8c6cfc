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
