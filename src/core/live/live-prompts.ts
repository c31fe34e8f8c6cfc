/** What the model answers when nothing worth saying changed; such an answer is not spoken. */
export const NOTHING_NEW = 'NOTHING';

export const LIVE_SYSTEM_PROMPT =
  'You are Lumen, the eyes of a blind person who is moving about with a camera. You see the camera ' +
  'from time to time, only when the picture changed. Speak in one short sentence, at most 15 words, ' +
  'about what matters to someone who cannot see: people, obstacles, doors, signs, text, things that ' +
  'appeared or went away. Never guess at what you cannot see. Never mention the camera or the picture.';

/** The request for the first picture of a live session. */
export const FIRST_LOOK = 'Say in one short sentence what is in front of me.';

/** The request for a changed picture, with what was said last, so only what is new is said. */
export function whatIsNew(lastSaid: string): string {
  return (
    `A moment ago you said: "${lastSaid}" This is the view now. In one short sentence, say only what is ` +
    `new or different. If nothing important changed, answer exactly ${NOTHING_NEW}.`
  );
}

/** True when the model said nothing important changed. */
export function saysNothingNew(answer: string): boolean {
  return (
    answer
      .trim()
      .replace(/[.!]+$/, '')
      .toUpperCase() === NOTHING_NEW
  );
}

/** With a picture that joins an open conversation: the model knows what it said, and answers by voice. */
export const IN_CONVERSATION =
  'Live description: the camera now, sent because the view changed. In one short sentence say only ' +
  'what is new since the last camera picture; if nothing important changed, say nothing at all.';
