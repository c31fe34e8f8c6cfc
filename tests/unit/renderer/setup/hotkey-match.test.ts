import { describe, expect, it } from 'vitest';
import { matchesAccelerator } from '../../../../src/renderer/src/setup/hotkey-match';
import { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS } from '../../../../src/shared/shortcuts';

type Press = Parameters<typeof matchesAccelerator>[0];
const press = (key: string, code: string, held: Partial<Press> = {}): Press => ({
  key,
  code,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...held
});
const chord = { ctrlKey: true, altKey: true, shiftKey: true };

describe('a key press in the window against a hotkey', () => {
  it('matches letters by their place on the keyboard, whatever character Alt and Shift make of them', () => {
    // Control+Alt+Shift+C: on some layouts `key` is "Ç" or "C"; the key's place is KeyC either way.
    expect(matchesAccelerator(press('Ç', 'KeyC', chord), 'CommandOrControl+Alt+Shift+C', 'linux')).toBe(true);
    expect(matchesAccelerator(press('C', 'KeyC', chord), 'CommandOrControl+Alt+Shift+C', 'linux')).toBe(true);
    expect(matchesAccelerator(press('V', 'KeyV', chord), 'CommandOrControl+Alt+Shift+C', 'linux')).toBe(false);
  });

  it('needs exactly the hotkey’s modifiers', () => {
    const accel = 'CommandOrControl+Alt+Shift+S';
    expect(matchesAccelerator(press('S', 'KeyS', { ctrlKey: true, altKey: true }), accel, 'linux')).toBe(false);
    expect(matchesAccelerator(press('S', 'KeyS', { ...chord, metaKey: true }), accel, 'linux')).toBe(false);
    expect(matchesAccelerator(press('s', 'KeyS'), accel, 'linux')).toBe(false);
  });

  it('reads CommandOrControl as Command on a Mac and Control elsewhere', () => {
    const mac = press('S', 'KeyS', { metaKey: true, altKey: true, shiftKey: true });
    expect(matchesAccelerator(mac, 'CommandOrControl+Alt+Shift+S', 'darwin')).toBe(true);
    expect(matchesAccelerator(mac, 'CommandOrControl+Alt+Shift+S', 'win32')).toBe(false);
    expect(matchesAccelerator(press('S', 'KeyS', chord), 'CommandOrControl+Alt+Shift+S', 'darwin')).toBe(false);
  });

  it('knows Electron’s names for other keys', () => {
    expect(matchesAccelerator(press(' ', 'Space', chord), 'CommandOrControl+Alt+Shift+Space', 'linux')).toBe(true);
    expect(matchesAccelerator(press('ArrowUp', 'ArrowUp', { ctrlKey: true }), 'Control+Up', 'linux')).toBe(true);
    expect(matchesAccelerator(press('F5', 'F5'), 'F5', 'linux')).toBe(true);
    expect(matchesAccelerator(press('!', 'Digit1', { shiftKey: true }), 'Shift+1', 'linux')).toBe(true);
    expect(
      matchesAccelerator(press('+', 'Equal', { shiftKey: true, ctrlKey: true }), 'Control+Shift+Plus', 'linux')
    ).toBe(true);
  });

  it('tells every default hotkey from every other', () => {
    for (const action of SHORTCUT_ACTIONS) {
      const key = DEFAULT_SHORTCUTS[action].split('+').pop()!;
      const code = key === 'Space' ? 'Space' : `Key${key}`;
      const matching = SHORTCUT_ACTIONS.filter((a) =>
        matchesAccelerator(press(key === 'Space' ? ' ' : key, code, chord), DEFAULT_SHORTCUTS[a], 'linux')
      );
      expect(matching).toEqual([action]);
    }
  });
});
