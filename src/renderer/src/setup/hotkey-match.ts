type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>;

/** Electron's names for keys that KeyboardEvent.key spells otherwise. */
const NAMED_KEYS: Record<string, string> = {
  space: ' ',
  up: 'ArrowUp',
  down: 'ArrowDown',
  left: 'ArrowLeft',
  right: 'ArrowRight',
  enter: 'Enter',
  return: 'Enter',
  esc: 'Escape',
  escape: 'Escape',
  tab: 'Tab',
  backspace: 'Backspace',
  delete: 'Delete',
  insert: 'Insert',
  home: 'Home',
  end: 'End',
  pageup: 'PageUp',
  pagedown: 'PageDown',
  plus: '+'
};

function sameKey(press: KeyPress, key: string): boolean {
  // Letters and digits by their place on the keyboard: with Alt and Shift held, `key` is another character.
  if (/^[a-z]$/i.test(key)) return press.code === `Key${key.toUpperCase()}`;
  if (/^\d$/.test(key)) return press.code === `Digit${key}` || press.code === `Numpad${key}`;
  if (/^f\d{1,2}$/i.test(key)) return press.code === key.toUpperCase();
  return press.key === (NAMED_KEYS[key.toLowerCase()] ?? key);
}

/** Whether a key press in the window is the hotkey written as an Electron accelerator ("CommandOrControl+Alt+S"). */
export function matchesAccelerator(press: KeyPress, accelerator: string, platform: string): boolean {
  const wanted = { ctrl: false, alt: false, shift: false, meta: false };
  let key = '';
  for (const part of accelerator.split('+')) {
    const name = part.toLowerCase();
    if (name === 'commandorcontrol' || name === 'cmdorctrl') wanted[platform === 'darwin' ? 'meta' : 'ctrl'] = true;
    else if (name === 'control' || name === 'ctrl') wanted.ctrl = true;
    else if (name === 'command' || name === 'cmd' || name === 'super' || name === 'meta') wanted.meta = true;
    else if (name === 'alt' || name === 'option') wanted.alt = true;
    else if (name === 'shift') wanted.shift = true;
    else key = part;
  }
  const modifiers =
    press.ctrlKey === wanted.ctrl &&
    press.altKey === wanted.alt &&
    press.shiftKey === wanted.shift &&
    press.metaKey === wanted.meta;
  return key !== '' && modifiers && sameKey(press, key);
}
