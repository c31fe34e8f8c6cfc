import type { StatusMessage } from '../shared/contract';

/** Things the user must hear about that happened before any window could listen. */
export function startupNotices(found: {
  history?: string;
  /** The saved feedback could not be read. */
  feedback?: string;
  unsafeEndpoint?: string;
  /** Setup's progress could not be read and starts again. */
  setup?: string;
  /** Settings that could not be read and were set back to their defaults. */
  reset: string[];
  /** Hotkeys that could not be registered. */
  failedShortcuts: number;
}): StatusMessage[] {
  const notices: StatusMessage[] = [];
  if (found.history) notices.push({ level: 'error', text: found.history });
  if (found.feedback) notices.push({ level: 'error', text: found.feedback });
  if (found.unsafeEndpoint) notices.push({ level: 'error', text: found.unsafeEndpoint });
  if (found.setup) notices.push({ level: 'error', text: found.setup });
  if (found.reset.length) {
    notices.push({
      level: 'error',
      text: `Some saved settings could not be read and were set back to their defaults: ${found.reset.join(', ')}.`
    });
  }
  const n = found.failedShortcuts;
  if (n) {
    notices.push({
      level: 'error',
      text: `${n} global ${n === 1 ? 'hotkey' : 'hotkeys'} could not be set up. Settings lists which and why.`
    });
  }
  return notices;
}
