/** Actions that can be bound to a global hotkey. Later capabilities fill in what they do. */
export const SHORTCUT_ACTIONS = [
  'describeScreen',
  'describeWindow',
  'describeRegion',
  'describeCamera',
  'askBefore',
  'readScreenText',
  'talk',
  'stop',
  'repeatLast',
  'moreDetail',
  'showLumen'
] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

export const SHORTCUT_LABELS: Record<ShortcutAction, string> = {
  describeScreen: 'Describe screen',
  describeWindow: 'Describe active window',
  describeRegion: 'Describe a region',
  describeCamera: 'Describe camera',
  askBefore: 'Ask before describing',
  readScreenText: 'Read screen text',
  talk: 'Talk',
  stop: 'Stop',
  repeatLast: 'Repeat last answer',
  moreDetail: 'More detail',
  showLumen: 'Show Lumen'
};

/*
 * Defaults use Control+Alt+Shift (Command+Option+Shift on macOS): NVDA and JAWS use Insert or
 * Caps Lock, VoiceOver uses Control+Option, so a three-modifier chord stays clear of all of them.
 */
const chord = (key: string) => `CommandOrControl+Alt+Shift+${key}`;
export const DEFAULT_SHORTCUTS: Record<ShortcutAction, string> = {
  describeScreen: chord('S'),
  describeWindow: chord('W'),
  describeRegion: chord('R'),
  describeCamera: chord('C'),
  askBefore: chord('Q'),
  readScreenText: chord('T'),
  talk: chord('Space'),
  stop: chord('X'),
  repeatLast: chord('A'),
  moreDetail: chord('M'),
  showLumen: chord('L')
};
