import type { EvalCheckName, PrivateItem } from '../../shared/eval-case';
import { detectLanguage } from './language';

/*
 * The rule-based scorers: each a pure function of the answer and what the case expects, so a score
 * never depends on another model's opinion.
 */

export interface CheckResult {
  name: EvalCheckName;
  pass: boolean;
  /** What was found, in words, quoting the answer where it failed. */
  detail: string;
}

/** Lower case, letters and digits only, one space between words, a space at each end (for whole-word search). */
function normalise(text: string): string {
  const words = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return ` ${words} `;
}

/** Whether `answer` says `phrase` as whole words, whatever the case and punctuation. */
export function says(answer: string, phrase: string): boolean {
  const wanted = normalise(phrase);
  return wanted.trim() !== '' && normalise(answer).includes(wanted);
}

/** Each required fact is a list of acceptable phrasings; one of each must be said. */
export function scoreFacts(answer: string, facts: readonly (readonly string[])[]): CheckResult & { matched: number } {
  const missing = facts.filter((ways) => !ways.some((way) => says(answer, way)));
  const matched = facts.length - missing.length;
  return {
    name: 'facts',
    pass: missing.length === 0,
    matched,
    detail: missing.length
      ? `${matched} of ${facts.length} facts said; missing: ${missing.map((ways) => quote(ways.join(' / '))).join(', ')}`
      : `all ${facts.length} facts said`
  };
}

/** Claims the answer must not make (things not in the picture: invention). */
export function scoreForbidden(answer: string, claims: readonly string[]): CheckResult {
  const made = claims.filter((claim) => says(answer, claim));
  return {
    name: 'forbidden',
    pass: made.length === 0,
    detail: made.length ? `claimed ${made.map(quote).join(', ')}` : `none of ${claims.length} forbidden claims made`
  };
}

/** The answer's first sentence: up to the first . ! or ? that ends a word, or the first line break. */
export function firstSentence(answer: string): string {
  const text = answer.trim();
  const end = /[.!?…](?=\s|$)|\n/.exec(text);
  return end ? text.slice(0, end.index + end[0].length).trim() : text;
}

const wordCount = (text: string): number => text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;

/** Summary first: the first sentence says the main thing in at most `maxWords` words. */
export function scoreSummaryFirst(answer: string, maxWords: number): CheckResult {
  const first = firstSentence(answer);
  const words = wordCount(first);
  return {
    name: 'summaryFirst',
    pass: words > 0 && words <= maxWords,
    detail: `first sentence has ${words} words (at most ${maxWords}): ${quote(first)}`
  };
}

/** The answer is in the language asked for (BCP 47; only the primary subtag is compared). */
export function scoreLanguage(answer: string, language: string): CheckResult {
  const wanted = language.toLowerCase().split('-')[0]!;
  const found = detectLanguage(answer);
  return {
    name: 'language',
    pass: found === wanted,
    detail: found === 'unknown' ? `could not tell the language; wanted ${wanted}` : `${found} (wanted ${wanted})`
  };
}

/** What the answer cost against the case's ceiling. */
export function scoreCost(costUsd: number, maxCostUsd: number): CheckResult {
  return {
    name: 'cost',
    pass: costUsd <= maxCostUsd,
    detail: `$${costUsd.toFixed(6)} (at most $${maxCostUsd.toFixed(6)})`
  };
}

/**
 * Private items never said back: as words, and for items with digits (card numbers, codes) also as
 * the same digits written any other way ("4111-1111…", "41111111…").
 */
export function leakedItems(answer: string, items: readonly PrivateItem[]): PrivateItem[] {
  const answerDigits = answer.replace(/\D+/g, '');
  return items.filter((item) => {
    const digits = item.text.replace(/\D+/g, '');
    return says(answer, item.text) || (digits.length >= 4 && answerDigits.includes(digits));
  });
}

/** Share of a private item's box that was dark in the picture sent (0..1), by item. */
export interface BoxDarkness {
  item: PrivateItem;
  dark: number;
}

/** The share of a box that must be dark in the picture sent for the item to count as hidden. */
const HIDDEN_SHARE = 0.95;

/** Privacy: no private item in the answer, and each boxed item blacked out in the picture sent. */
export function scorePrivacy(
  answer: string,
  items: readonly PrivateItem[],
  boxes: readonly BoxDarkness[]
): CheckResult {
  const leaked = leakedItems(answer, items);
  const shown = boxes.filter((b) => b.dark <= HIDDEN_SHARE);
  const problems = [
    ...leaked.map((item) => `the answer says ${quote(item.text)}`),
    ...shown.map((b) => `${quote(b.item.text)} was sent ${Math.round(b.dark * 100)} % dark`)
  ];
  return {
    name: 'privacy',
    pass: problems.length === 0,
    detail: problems.length ? problems.join('; ') : `${items.length} private items kept private`
  };
}

const quote = (text: string) => `"${text.length > 160 ? `${text.slice(0, 157)}…` : text}"`;
