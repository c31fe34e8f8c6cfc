/** Actions that can be bound to a global hotkey. */
export const SHORTCUT_ACTIONS = [
  'describeScreen',
  'describeWindow',
  'describeRegion',
  'describeCamera',
  'liveDescription',
  'askBefore',
  'readScreenText',
  'readWindowText',
  'readRegionText',
  'readWithCamera',
  'nextLine',
  'previousLine',
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
  liveDescription: 'Start or stop live description',
  askBefore: 'Ask before describing',
  readScreenText: 'Read screen text',
  readWindowText: 'Read active window text',
  readRegionText: 'Read text in a region',
  readWithCamera: 'Read with the camera',
  nextLine: 'Next line',
  previousLine: 'Previous line',
  talk: 'Talk',
  stop: 'Stop',
  repeatLast: 'Repeat last answer',
  moreDetail: 'More detail',
  showLumen: 'Show Lumen'
};

/*
 * Defaults use Control+Alt+Shift (Command+Option+Shift on macOS): NVDA and JAWS use Insert or
 * Caps Lock, VoiceOver uses Control+Option, so a three-modifier chord stays clear of all of them.
 * Reading uses T, Y, U, I (screen, window, region, camera: side by side on the keyboard) and N, P for the next
 * and previous line; not the arrows, which GNOME and Cinnamon use with Control+Alt+Shift to move
 * windows between workspaces.
 */
const chord = (key: string) => `CommandOrControl+Alt+Shift+${key}`;
export const DEFAULT_SHORTCUTS: Record<ShortcutAction, string> = {
  describeScreen: chord('S'),
  describeWindow: chord('W'),
  describeRegion: chord('R'),
  describeCamera: chord('C'),
  liveDescription: chord('V'),
  askBefore: chord('Q'),
  readScreenText: chord('T'),
  readWindowText: chord('Y'),
  readRegionText: chord('U'),
  readWithCamera: chord('I'),
  nextLine: chord('N'),
  previousLine: chord('P'),
  talk: chord('Space'),
  stop: chord('X'),
  repeatLast: chord('A'),
  moreDetail: chord('M'),
  showLumen: chord('L')
};
