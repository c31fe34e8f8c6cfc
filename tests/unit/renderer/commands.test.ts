import { describe, expect, it } from 'vitest';
import { readableAccelerator } from '../../../src/renderer/src/commands';

describe('a shortcut as people say it', () => {
  it('names the modifiers of each platform, joined with "+" and spaces', () => {
    expect(readableAccelerator('CommandOrControl+Alt+Shift+S', 'linux')).toBe('Control + Alt + Shift + S');
    expect(readableAccelerator('CommandOrControl+Alt+Shift+S', 'win32')).toBe('Control + Alt + Shift + S');
    expect(readableAccelerator('CommandOrControl+Alt+Shift+S', 'darwin')).toBe('Command + Option + Shift + S');
  });

  it('reads the short and the Mac spellings the same way', () => {
    expect(readableAccelerator('CmdOrCtrl+Option+Space', 'darwin')).toBe('Command + Option + Space');
    expect(readableAccelerator('CmdOrCtrl+Option+Space', 'linux')).toBe('Control + Alt + Space');
  });

  it('leaves other keys as they are', () => {
    expect(readableAccelerator('F5', 'darwin')).toBe('F5');
    expect(readableAccelerator('Control+Shift+Up', 'darwin')).toBe('Control + Shift + Up');
  });
});
