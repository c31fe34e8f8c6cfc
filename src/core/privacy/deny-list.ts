import { DEFAULT_DENY_LIST } from '../../shared/deny-list';

export { DEFAULT_DENY_LIST };

export interface DenyVerdict {
  denied: boolean;
  /** The list entry that matched, as the user wrote it. */
  match?: string;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole words only, any case, any spacing: "KeePass" matches "Database - KeePass" but not "KeePassage". */
function entryPattern(entry: string): RegExp {
  const words = entry.trim().split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${words}(?![\\p{L}\\p{N}])`, 'iu');
}

/** Whether a window (its title, app name or both, in one string) is on the deny list. */
export function isDenied(windowName: string, list: readonly string[] = DEFAULT_DENY_LIST): DenyVerdict {
  for (const entry of list) {
    if (entry.trim() === '') continue;
    if (entryPattern(entry).test(windowName)) return { denied: true, match: entry.trim() };
  }
  return { denied: false };
}

/** Spoken instead of a description when a window is on the deny list. */
export function deniedMessage(match: string): string {
  return `Lumen does not send pictures of ${match}. You can change this in Settings.`;
}

/** Spoken instead of a description of the screen (or part of it) while a deny-listed window is open. */
export function deniedOnScreenMessage(match: string): string {
  return `A window of ${match} is on the screen, so Lumen sends nothing. Close or minimise it and try again, or change the list in Settings.`;
}

/** Spoken when the windows on the screen could not be listed: nothing is sent unchecked. */
export const WINDOWS_UNCHECKED =
  'Lumen could not check which windows are on the screen, so it sends nothing. Please try again.';
