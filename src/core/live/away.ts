/** What the host saw: the screen locked, or the computer about to sleep. Nobody is there to hear. */
export type SystemAway = 'lock-screen' | 'suspend';

const SAID: Record<SystemAway, string> = {
  'lock-screen': 'The screen is locked.',
  suspend: 'The computer is going to sleep.'
};

/** Said before "Live description off…" or "Stopped watching…". */
export function awayReason(why: SystemAway): string {
  return SAID[why];
}
