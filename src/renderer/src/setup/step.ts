import { useCallback } from 'react';
import type { Settings, SettingsPatch } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';

export interface StepProps {
  settings: Settings;
  onSettings(settings: Settings): void;
  /** The step is done (not skipped): setup moves on. */
  onFinished(): void;
}

/** Saves a choice as soon as it is made and says so; false (and said why) when it was not saved. */
export function useSaveSettings(onSettings: (settings: Settings) => void) {
  const { announce } = useAnnouncer();
  return useCallback(
    async (patch: SettingsPatch, saved: string): Promise<boolean> => {
      const result = await window.lumen.settings.update(patch);
      if (!result.ok) {
        announce(`That was not saved. ${result.error.message}`, 'assertive');
        return false;
      }
      onSettings(result.value);
      announce(saved);
      return true;
    },
    [announce, onSettings]
  );
}
