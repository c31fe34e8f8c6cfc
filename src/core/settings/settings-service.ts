import { applySettingsPatch, loadSettings, type Settings, type SettingsPatch } from '../../shared/settings';
import type { SettingsStore } from '../ports';
import { Events, type Dispose } from '../util/events';

/** Owns the current settings: loads (with migration), applies patches, persists, notifies. */
export class SettingsService {
  private current: Settings;
  private readonly events = new Events<{ change: (settings: Settings) => void }>();

  private constructor(
    private readonly store: SettingsStore,
    loaded: Settings
  ) {
    this.current = loaded;
  }

  /** `reset` lists fields that could not be read; the caller tells the user. */
  static async open(store: SettingsStore): Promise<{ service: SettingsService; reset: string[] }> {
    let stored: unknown;
    let unreadable = false;
    try {
      stored = await store.read();
    } catch {
      unreadable = true;
    }
    const { settings, reset } = loadSettings(stored);
    return { service: new SettingsService(store, settings), reset: unreadable ? ['all settings'] : reset };
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next = applySettingsPatch(this.current, patch);
    await this.store.write(next);
    this.current = next;
    this.events.emit('change', this.get());
    return this.get();
  }

  onChange(listener: (settings: Settings) => void): Dispose {
    return this.events.on('change', listener);
  }
}
