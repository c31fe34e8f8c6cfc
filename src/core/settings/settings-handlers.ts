import type { ShortcutReport } from '../../shared/contract';
import type { Settings } from '../../shared/settings';
import type { CoreContext } from '../context';
import type { ShortcutPort } from '../ports';
import type { InvokeHandlers } from '../router';

const NO_GLOBAL_SHORTCUTS: ShortcutReport = { supported: false, entries: [] };

/** Registers the global hotkeys; the sentences to say about those that could not be. */
export function applyShortcuts(port: ShortcutPort, shortcuts: Settings['shortcuts']): string[] {
  return port
    .apply(shortcuts)
    .entries.filter((e) => !e.registered)
    .map((e) => e.problem ?? `${e.accelerator} could not be registered.`);
}

/** Settings as the window reads and changes them; new hotkeys are registered as they are saved. */
export function settingsHandlers(
  ctx: CoreContext,
  shortcuts: ShortcutPort | undefined
): Pick<InvokeHandlers, 'settings.get' | 'settings.update' | 'shortcuts.status'> {
  ctx.settings.onChange((next) => ctx.emit('settings.changed', next));
  return {
    'settings.get': () => ctx.settings.get(),
    'settings.update': async (patch) => {
      const before = ctx.settings.get();
      const next = await ctx.settings.update(patch);
      if (shortcuts && JSON.stringify(before.shortcuts) !== JSON.stringify(next.shortcuts)) {
        const problems = applyShortcuts(shortcuts, next.shortcuts);
        if (problems.length) ctx.announce({ level: 'error', text: problems.join(' ') });
      }
      return next;
    },
    'shortcuts.status': () => shortcuts?.report() ?? NO_GLOBAL_SHORTCUTS
  };
}
