import { globalShortcut } from 'electron';
import type { ShortcutReport } from '../shared/contract';
import { SHORTCUT_LABELS, type Settings, type ShortcutAction } from '../shared/settings';
import { planShortcuts } from '../core/shortcuts';
import type { ShortcutPort } from '../core/ports';

/**
 * Registers the configured global hotkeys and keeps a report of what worked, so a hotkey that
 * another app already owns is reported instead of silently doing nothing.
 */
export class GlobalShortcutRegistry implements ShortcutPort {
  private last: ShortcutReport = { supported: true, entries: [] };

  constructor(private readonly onTrigger: (action: ShortcutAction) => void) {}

  apply(shortcuts: Settings['shortcuts']): ShortcutReport {
    globalShortcut.unregisterAll();
    const entries: ShortcutReport['entries'] = [];
    for (const planned of planShortcuts(shortcuts)) {
      if (!planned.canonical) {
        entries.push({
          action: planned.action,
          accelerator: planned.accelerator,
          registered: false,
          problem: planned.problem
        });
        continue;
      }
      let registered: boolean;
      try {
        registered = globalShortcut.register(planned.canonical, () => this.onTrigger(planned.action));
      } catch {
        registered = false;
      }
      entries.push({
        action: planned.action,
        accelerator: planned.accelerator,
        registered,
        ...(registered
          ? {}
          : { problem: `${planned.accelerator} for ${SHORTCUT_LABELS[planned.action]} is taken by another app.` })
      });
    }
    this.last = { supported: true, entries };
    return this.report();
  }

  report(): ShortcutReport {
    return structuredClone(this.last);
  }

  dispose() {
    globalShortcut.unregisterAll();
  }
}
