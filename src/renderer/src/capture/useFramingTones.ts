import { useEffect, useRef } from 'react';
import type { DocumentStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { Earcons } from '../speech/earcons';

/** A tone this often while guiding: steady enough to follow, few enough not to crowd speech. */
export const TONE_EVERY_MS = 500;
/** The pitch of a score of 0 (no page); a score of 1 (framed and still) is two octaves higher. */
const LOWEST_HZ = 330;

/** The tone's pitch for a framing score: rising evenly (in octaves) with it. */
export const framingPitch = (score: number) => LOWEST_HZ * 2 ** (2 * score);

/**
 * For users who prefer sound to words: while reading with the camera guides the page in, a short tone
 * plays twice a second, higher the better the page is framed, at the speech volume.
 */
export function useFramingTones(status: DocumentStatus, settings: Settings | null) {
  const score = useRef(0);
  useEffect(() => {
    score.current = status.score ?? 0;
  }, [status.score]);
  const guiding = status.state === 'guiding';
  const sounds = (settings?.reading.framingCues ?? 'words') !== 'words';
  const volume = settings?.speech.volume ?? 1;

  useEffect(() => {
    if (!guiding || !sounds) return;
    const context = new AudioContext();
    const earcons = new Earcons(context);
    const play = () => earcons.tone(framingPitch(score.current), volume);
    play();
    const timer = setInterval(play, TONE_EVERY_MS);
    return () => {
      clearInterval(timer);
      void context.close();
    };
  }, [guiding, sounds, volume]);
}
