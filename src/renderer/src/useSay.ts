import { useCallback } from 'react';
import { useAnnouncer } from './announcer';

/**
 * Something Lumen must tell the user now: its voice says it (in screen-reader mode, the speech log
 * does) and the window logs it; if speech is unavailable, the live region says it instead.
 */
export function useSay(): (text: string) => Promise<void> {
  const { announce } = useAnnouncer();
  return useCallback(
    async (text: string) => {
      announce(text, 'assertive', { live: false });
      const spoken = await window.lumen.speech.speak({ text, urgent: true });
      if (!spoken.ok) announce(text, 'assertive');
    },
    [announce]
  );
}
