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
