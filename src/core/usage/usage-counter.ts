import type { RealtimeUsage } from '../conversation';

/** Tokens used since Lumen started, by where they went: what prices (and a future cap) are computed from. */
export interface UsageTotals {
  /** Chat completions: typed questions and descriptions of pictures. */
  chat: { requests: number; input: number; output: number };
  /** The spoken conversation, by modality, as response.done reports it. */
  realtime: {
    responses: number;
    input: { text: number; audio: number; image: number; cached: number };
    output: { text: number; audio: number };
  };
}

const empty = (): UsageTotals => ({
  chat: { requests: 0, input: 0, output: 0 },
  realtime: { responses: 0, input: { text: 0, audio: 0, image: 0, cached: 0 }, output: { text: 0, audio: 0 } }
});

/** Counts tokens in memory only: nothing about what was asked is kept, just the numbers. */
export class UsageCounter {
  private totals = empty();

  addChat(usage: { prompt_tokens?: number; completion_tokens?: number }): void {
    const chat = this.totals.chat;
    chat.requests += 1;
    chat.input += usage.prompt_tokens ?? 0;
    chat.output += usage.completion_tokens ?? 0;
  }

  addRealtime(usage: RealtimeUsage): void {
    const rt = this.totals.realtime;
    rt.responses += 1;
    for (const k of ['text', 'audio', 'image', 'cached'] as const) rt.input[k] += usage.input[k];
    for (const k of ['text', 'audio'] as const) rt.output[k] += usage.output[k];
  }

  get(): UsageTotals {
    return structuredClone(this.totals);
  }
}
