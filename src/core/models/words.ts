import type { Prices } from './table';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December'
];

/** "2027-01-14" → "14 January 2027": unambiguous when spoken, whatever the user's date order. */
export function spokenDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1] ?? ''} ${year}`;
}

/*
 * A minute of conversation, roughly: half of it the user speaking (600 audio tokens a minute in),
 * half Lumen (1,200 audio tokens a minute out). Context sent again each turn adds to it, so the
 * settings say "about".
 */
const INPUT_TOKENS_PER_MINUTE = 600;
const OUTPUT_TOKENS_PER_MINUTE = 1200;

/** "1.5 cents": what a minute of talk costs with a Realtime model's audio prices. */
export function minuteOfTalk(prices: Prices): string {
  const audio = prices.audio ?? { input: 0, output: 0 };
  const usd = ((INPUT_TOKENS_PER_MINUTE * audio.input + OUTPUT_TOKENS_PER_MINUTE * audio.output) / 2) * 1e-6;
  return usd < 1 ? `${Number((usd * 100).toFixed(1))} cents` : `$${usd.toFixed(2)}`;
}
