import { SHORTCUT_ACTIONS, SHORTCUT_LABELS, type ShortcutAction } from '../shared/settings';

const MODIFIERS: Record<string, string> = {
  command: 'CommandOrControl',
  cmd: 'CommandOrControl',
  control: 'Control',
  ctrl: 'Control',
  commandorcontrol: 'CommandOrControl',
  cmdorctrl: 'CommandOrControl',
  alt: 'Alt',
  option: 'Alt',
  altgr: 'AltGr',
  shift: 'Shift',
  super: 'Super',
  meta: 'Super'
};
const MODIFIER_ORDER = ['CommandOrControl', 'Control', 'Alt', 'AltGr', 'Shift', 'Super'];

const NAMED_KEYS = [
  'Plus',
  'Space',
  'Tab',
  'Backspace',
  'Delete',
  'Insert',
  'Return',
  'Enter',
  'Up',
  'Down',
  'Left',
  'Right',
  'Home',
  'End',
  'PageUp',
  'PageDown',
  'Escape',
  'Esc',
  'PrintScreen',
  'VolumeUp',
  'VolumeDown',
  'VolumeMute',
  'MediaNextTrack',
  'MediaPreviousTrack',
  'MediaStop',
  'MediaPlayPause',
  'num0',
  'num1',
  'num2',
  'num3',
  'num4',
  'num5',
  'num6',
  'num7',
  'num8',
  'num9',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv'
];
const KEY_LOOKUP = new Map(NAMED_KEYS.map((k) => [k.toLowerCase(), k]));

export type ParsedAccelerator = { ok: true; canonical: string } | { ok: false; problem: string };

/**
 * Checks an Electron accelerator and returns a canonical form, so "Ctrl+Shift+a" and
 * "Shift+Control+A" are recognised as the same chord.
 */
export function parseAccelerator(accelerator: string): ParsedAccelerator {
  const parts = accelerator.split('+').map((p) => p.trim());
  if (accelerator.trim() === '' || parts.some((p) => p === '')) {
    return { ok: false, problem: `"${accelerator}" is not a hotkey.` };
  }
  const key = parts.pop() as string;
  const modifiers = new Set<string>();
  for (const part of parts) {
    const modifier = MODIFIERS[part.toLowerCase()];
    if (!modifier) return { ok: false, problem: `"${part}" in "${accelerator}" is not a modifier key.` };
    modifiers.add(modifier);
  }
  let canonicalKey: string | undefined;
  if (/^[a-z0-9]$/i.test(key)) canonicalKey = key.toUpperCase();
  else if (/^f([1-9]|1\d|2[0-4])$/i.test(key)) canonicalKey = key.toUpperCase();
  else if (/^[)!@#$%^&*(:;<>=,_\-.?/~`{}[\]|\\'"]$/.test(key)) canonicalKey = key;
  else canonicalKey = KEY_LOOKUP.get(key.toLowerCase());
  if (!canonicalKey) return { ok: false, problem: `"${key}" in "${accelerator}" is not a key Lumen knows.` };
  // A global hotkey without Control, Command, Alt or Super would steal ordinary typing everywhere.
  const strong = [...modifiers].some((m) => m !== 'Shift');
  if (!strong && !/^F\d+$/.test(canonicalKey) && !canonicalKey.startsWith('Media')) {
    return { ok: false, problem: `"${accelerator}" needs Control, Alt or Command, or it would block typing.` };
  }
  const ordered = MODIFIER_ORDER.filter((m) => modifiers.has(m));
  return { ok: true, canonical: [...ordered, canonicalKey].join('+') };
}

export interface PlannedShortcut {
  action: ShortcutAction;
  accelerator: string;
  /** Canonical form, when valid and not clashing with another Lumen hotkey. */
  canonical?: string;
  problem?: string;
}

/** Validates every binding and finds Lumen's own clashes before anything is registered. */
export function planShortcuts(bindings: Partial<Record<ShortcutAction, string>>): PlannedShortcut[] {
  const owner = new Map<string, ShortcutAction>();
  const plan: PlannedShortcut[] = [];
  for (const action of SHORTCUT_ACTIONS) {
    const accelerator = bindings[action] ?? '';
    if (accelerator === '') continue; // turned off by the user
    const parsed = parseAccelerator(accelerator);
    if (!parsed.ok) {
      plan.push({ action, accelerator, problem: parsed.problem });
      continue;
    }
    const first = owner.get(parsed.canonical);
    if (first) {
      plan.push({
        action,
        accelerator,
        problem: `${accelerator} is already used by ${SHORTCUT_LABELS[first]}.`
      });
      continue;
    }
    owner.set(parsed.canonical, action);
    plan.push({ action, accelerator, canonical: parsed.canonical });
  }
  return plan;
}
