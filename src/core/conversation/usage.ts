import type { RealtimeResponseUsage } from 'openai/resources/realtime/realtime';

/** Tokens of one Realtime response by modality, for the usage counter (prices differ per modality). */
export interface RealtimeUsage {
  responseId: string;
  input: { text: number; audio: number; image: number; cached: number };
  output: { text: number; audio: number };
  total: number;
}

export function usageFromResponse(
  responseId: string,
  usage: RealtimeResponseUsage | undefined
): RealtimeUsage | undefined {
  if (!usage) return undefined;
  const i = usage.input_token_details ?? {};
  const o = usage.output_token_details ?? {};
  return {
    responseId,
    input: {
      text: i.text_tokens ?? 0,
      audio: i.audio_tokens ?? 0,
      image: i.image_tokens ?? 0,
      cached: i.cached_tokens ?? 0
    },
    output: { text: o.text_tokens ?? 0, audio: o.audio_tokens ?? 0 },
    total: usage.total_tokens ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0)
  };
}
