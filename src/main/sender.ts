import type { WebFrameMain } from 'electron';
import { isAppOrigin } from './app-url';

/**
 * IPC is answered only for the top frame of one of our own windows, showing a page of our own
 * origin. An iframe, a navigated-away page or another window gets FORBIDDEN.
 */
export function isTrustedSender(
  frame: WebFrameMain | null | undefined,
  ourMainFrames: readonly WebFrameMain[],
  appUrl: string
): boolean {
  if (!frame) return false;
  if (!ourMainFrames.includes(frame)) return false;
  return isAppOrigin(frame.url, appUrl);
}
