import { describe, expect, it } from 'vitest';
import { parseAccelerator, planShortcuts } from '../../../src/core/shortcuts';
import { DEFAULT_SHORTCUTS } from '../../../src/shared/settings';

describe('global hotkey planning', () => {
  it('treats spellings and orders of the same chord as one', () => {
    const a = parseAccelerator('Ctrl+Shift+a');
    const b = parseAccelerator('shift+control+A');
    expect(a).toEqual({ ok: true, canonical: 'Control+Shift+A' });
    expect(b).toEqual(a);
  });

  it('explains invalid hotkeys', () => {
    expect(parseAccelerator('Ctrl+Banana')).toEqual({ ok: false, problem: expect.stringContaining('"Banana"') });
    expect(parseAccelerator('Hyper+A')).toEqual({ ok: false, problem: expect.stringContaining('not a modifier') });
    expect(parseAccelerator('Shift+A')).toEqual({ ok: false, problem: expect.stringContaining('block typing') });
    expect(parseAccelerator('')).toMatchObject({ ok: false });
    expect(parseAccelerator('F9')).toEqual({ ok: true, canonical: 'F9' });
  });

  it('accepts all defaults without clashes', () => {
    const plan = planShortcuts(DEFAULT_SHORTCUTS);
    expect(plan.every((p) => p.canonical && !p.problem)).toBe(true);
    expect(plan).toHaveLength(Object.keys(DEFAULT_SHORTCUTS).length);
  });

  it('reports a clash with the command that has the hotkey already, and skips disabled ones', () => {
    const plan = planShortcuts({ describeScreen: 'Alt+Shift+S', stop: 'shift+alt+s', talk: '' });
    expect(plan).toEqual([
      { action: 'describeScreen', accelerator: 'Alt+Shift+S', canonical: 'Alt+Shift+S' },
      { action: 'stop', accelerator: 'shift+alt+s', problem: 'shift+alt+s is already used by Describe screen.' }
    ]);
  });
});
