/** Deterministic answer texts the fake gives when no image decides the reply. */

const LONG_ANSWER = [
  'Here is a longer answer, so there is plenty of speech to listen to.',
  'The first thing to know is that this reply comes from the fake server.',
  'It is built from fixed sentences, so every run sounds the same.',
  'Each sentence is short enough to be spoken in a few seconds.',
  'Tests can interrupt it part way through to check barge-in.',
  'That is the end of the long answer.'
];

export function answerForText(userText: string): string {
  const text = userText.trim();
  if (/long answer/i.test(text)) return LONG_ANSWER.join(' ');
  if (text === '') return 'Hello! How can I help you today?';
  return `You said: ${text}`;
}

/** Rough token count: about four characters per token, as the service's tokenizer averages for English. */
export function countTokens(text: string): number {
  return Math.max(text.length > 0 ? 1 : 0, Math.ceil(text.length / 4));
}

/** Splits text into small pieces of about one token each, keeping leading spaces as the service does (" sorry"). */
export function tokenise(text: string): string[] {
  // Long words become several ~4-character pieces.
  return text.match(/\s*[^\s]{1,4}|\s+$/g) ?? [];
}
