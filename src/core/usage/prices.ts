import { DEAREST, specFor, type Prices } from '../models/table';
import type { RealtimeUsage } from '../conversation';

/*
 * What a request cost, from the model table's prices (US dollars per million tokens). A model whose
 * price Lumen does not know is counted at the dearest known price of each kind, so the monthly limit
 * may stop a little early but never late, and the cost is marked estimated. Cached input of the
 * conversation is counted at the full price for the same reason (its usage does not say which
 * modality was cached).
 */

export interface Cost {
  usd: number;
  /** Counted at a guessed price: the spending screen says so. */
  estimated: boolean;
}

const PER_TOKEN = 1 / 1_000_000;

function pricesOf(model: string): { prices: Prices; estimated: boolean } {
  const spec = specFor(model);
  return spec.known ? { prices: spec.prices, estimated: false } : { prices: DEAREST, estimated: true };
}

export function chatCost(
  model: string,
  usage: {
    prompt_tokens?: number;
    completion_tokens?: number;
    prompt_tokens_details?: { cached_tokens?: number } | null;
  }
): Cost {
  const { prices, estimated } = pricesOf(model);
  const prompt = usage.prompt_tokens ?? 0;
  const cached = Math.min(prompt, usage.prompt_tokens_details?.cached_tokens ?? 0);
  const usd =
    ((prompt - cached) * prices.text.input +
      cached * prices.text.cached +
      (usage.completion_tokens ?? 0) * prices.text.output) *
    PER_TOKEN;
  return { usd, estimated };
}

export function realtimeCost(model: string, usage: Pick<RealtimeUsage, 'input' | 'output'>): Cost {
  const { prices, estimated } = pricesOf(model);
  const audio = prices.audio ?? DEAREST.audio!;
  const image = prices.image ?? DEAREST.image!;
  const { input, output } = usage;
  const usd =
    (input.text * prices.text.input +
      input.audio * audio.input +
      input.image * image +
      output.text * prices.text.output +
      output.audio * audio.output) *
    PER_TOKEN;
  return { usd, estimated };
}

/** The speech endpoint's models, priced by the character. */
export function speechCost(model: string, characters: number): Cost {
  const { prices, estimated } = pricesOf(model);
  return { usd: characters * (prices.perMillionCharacters ?? DEAREST.perMillionCharacters!) * PER_TOKEN, estimated };
}

/** Captions of the user's words, priced by the minute of audio. */
export function transcriptionCost(model: string, seconds: number): Cost {
  const { prices, estimated } = pricesOf(model);
  return { usd: (seconds / 60) * (prices.perMinute ?? DEAREST.perMinute!), estimated };
}

/*
 * A minute of conversation, roughly: half of it the user speaking (600 audio tokens a minute in),
 * half Lumen (1,200 audio tokens a minute out). Context sent again each turn adds to it, so the
 * settings say "about".
 */
const INPUT_TOKENS_PER_MINUTE = 600;
const OUTPUT_TOKENS_PER_MINUTE = 1200;

/** "1.5 cents": what a minute of talk costs with a Realtime model's audio prices. */
export function minuteOfTalk(model: string): string {
  const audio = pricesOf(model).prices.audio ?? DEAREST.audio!;
  const usd = ((INPUT_TOKENS_PER_MINUTE * audio.input + OUTPUT_TOKENS_PER_MINUTE * audio.output) / 2) * 1e-6;
  return usd < 1 ? `${Number((usd * 100).toFixed(1))} cents` : `$${usd.toFixed(2)}`;
}

/** "$0.42", "$5.00"; amounts under a cent say so rather than round to nothing. */
export function dollars(usd: number): string {
  if (usd > 0 && usd < 0.01) return 'less than one cent';
  return `$${usd.toFixed(2)}`;
}
