import { SHORTCUT_LABELS, type ShortcutAction } from '../../shared/shortcuts';

/** What each command says while its capability is still being built. */
export function unavailableMessage(action: ShortcutAction): string {
  return `${SHORTCUT_LABELS[action]} is not available yet in this version of Lumen.`;
}

/** Shows an Electron accelerator the way people say it. */
export function readableAccelerator(accelerator: string, platform: string): string {
  const mac = platform === 'darwin';
  return accelerator
    .split('+')
    .map((part) => {
      if (part === 'CommandOrControl' || part === 'CmdOrCtrl') return mac ? 'Command' : 'Control';
      if (part === 'Alt' || part === 'Option') return mac ? 'Option' : 'Alt';
      return part;
    })
    .join(' + ');
}

/** Stops the answer and all speech; the user hears that it worked (or why not). */
export async function stopEverything(announce: (text: string, politeness?: 'polite' | 'assertive') => void) {
  const result = await window.lumen.assistant.stop();
  if (result.ok) announce('Stopped.');
  else announce(result.error.message, 'assertive');
}
