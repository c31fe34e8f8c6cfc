import type { ShortcutAction } from '../../../shared/shortcuts';

let catcher: ((action: ShortcutAction) => void) | undefined;

/** While setup's hotkey step is open, a global hotkey says what it does instead of doing it. */
export function catchHotkeys(handler: (action: ShortcutAction) => void): () => void {
  catcher = handler;
  return () => {
    if (catcher === handler) catcher = undefined;
  };
}

/** Hands a global hotkey to setup if it is catching them; false when the hotkey should run. */
export function hotkeyCaught(action: ShortcutAction): boolean {
  if (!catcher) return false;
  catcher(action);
  return true;
}
