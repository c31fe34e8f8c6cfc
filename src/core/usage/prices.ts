import type { RealtimeUsage } from '../realtime';

/*
 * US dollars per million tokens, from OpenAI's published prices (2026). Cached input is counted at
 * the full price: the cap may then stop a little early, never late. A model not listed is priced as
 * the dearest chat model, for the same reason.
 */
const CHAT: Record<string, { input: number; output: number }> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 }
};
const DEAREST_CHAT = CHAT['gpt-4o']!;
const REALTIME = {
  input: { text: 4, audio: 32, image: 5 },
  output: { text: 16, audio: 64 }
};
const PER_TOKEN = 1 / 1_000_000;

export function chatCost(model: string, usage: { prompt_tokens?: number; completion_tokens?: number }): number {
  const price = CHAT[model] ?? DEAREST_CHAT;
  return ((usage.prompt_tokens ?? 0) * price.input + (usage.completion_tokens ?? 0) * price.output) * PER_TOKEN;
}

export function realtimeCost(usage: Pick<RealtimeUsage, 'input' | 'output'>): number {
  const { input, output } = usage;
  return (
    (input.text * REALTIME.input.text +
      input.audio * REALTIME.input.audio +
      input.image * REALTIME.input.image +
      output.text * REALTIME.output.text +
      output.audio * REALTIME.output.audio) *
    PER_TOKEN
  );
}

/** "$0.42", "$5.00"; amounts under a cent say so rather than round to nothing. */
export function dollars(usd: number): string {
  if (usd > 0 && usd < 0.01) return 'less than one cent';
  return `$${usd.toFixed(2)}`;
}
