/*
 * The read-back check of the Realtime voice. A Realtime model is a voice, not a reader: now and then it
 * says a sentence in its own words. Its transcript of what it said is compared with the text it was
 * given. Wording that differs is only noted; numbers or names that differ matter to someone who cannot
 * look at the text, so the sentence is then said again by a voice that reads exactly.
 */

export interface ReadBackCheck {
  /** The words differ (after case, punctuation, spacing and number words are evened out). */
  differed: boolean;
  /** The numbers differ: digits in the text that were not said, or numbers said that are not there. */
  numbersDiffer: boolean;
  /** A name (a capitalised word inside a sentence) of the text was not said, or one was said instead. */
  namesDiffer: boolean;
  /** Numbers or names differ: the sentence should be said again by a voice that reads exactly. */
  repeat: boolean;
}

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90
};
const ORDINAL_UNITS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19
};
const ORDINAL_TENS: Record<string, number> = {
  twentieth: 20,
  thirtieth: 30,
  fortieth: 40,
  fiftieth: 50,
  sixtieth: 60,
  seventieth: 70,
  eightieth: 80,
  ninetieth: 90
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

const isNumberWord = (w: string) => w in UNITS || w in TENS || w in SCALES;
const isDigits = (w: string) => /^\d+$/.test(w);

/**
 * The text as lower-case words without punctuation, with number words as digits ("twenty-one" → "21",
 * "3rd" and "third" → "3"), so "Five past 9." and "five past nine" are the same words.
 */
export function normaliseWords(text: string): string[] {
  const raw = text
    .normalize('NFKC')
    .toLowerCase()
    // 1,500 → 1500; apostrophes join (don't → dont).
    .replace(/(\d)[,\u202f\u00a0](?=\d{3}(\D|$))/g, '$1')
    .replace(/['’‘`]/g, '')
    // 3rd → 3; b12 → b 12.
    .replace(/(\d+)(st|nd|rd|th)\b/g, '$1')
    .replace(/(\p{L})(?=\d)|(\d)(?=\p{L})/gu, '$1$2 ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return joinNumberWords(raw);
}

/** Runs of number words become one number each; ordinals become their number; "oh" between numbers is 0. */
function joinNumberWords(words: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i]!;
    if (word in ORDINAL_UNITS || word in ORDINAL_TENS) {
      out.push(String(ORDINAL_UNITS[word] ?? ORDINAL_TENS[word]));
      i++;
      continue;
    }
    if (word === 'oh' && out.length > 0 && isDigits(out.at(-1)!) && i + 1 < words.length) {
      const next = words[i + 1]!;
      if (isNumberWord(next) || isDigits(next)) {
        out.push('0');
        i++;
        continue;
      }
    }
    if (!isNumberWord(word)) {
      out.push(word);
      i++;
      continue;
    }
    // A number said in words: "one hundred and five", "twenty one", "two thousand".
    let total = 0;
    let current = 0;
    let lastWasTens = false;
    let lastWasUnit = false;
    let j = i;
    for (; j < words.length; j++) {
      const w = words[j]!;
      if (w in UNITS) {
        // "twenty one" joins; "five six" are two numbers.
        if (lastWasUnit || (current % 100 !== 0 && !lastWasTens)) break;
        if (lastWasTens && UNITS[w]! >= 10) break;
        current += UNITS[w]!;
        lastWasUnit = true;
        lastWasTens = false;
      } else if (w in TENS) {
        if (current % 100 !== 0) break;
        current += TENS[w]!;
        lastWasTens = true;
        lastWasUnit = false;
      } else if (w in ORDINAL_UNITS && lastWasTens) {
        current += ORDINAL_UNITS[w]!;
        j++;
        break;
      } else if (w === 'hundred') {
        current = (current || 1) * 100;
        lastWasTens = lastWasUnit = false;
      } else if (w === 'thousand' || w === 'million') {
        total += (current || 1) * SCALES[w]!;
        current = 0;
        lastWasTens = lastWasUnit = false;
      } else if (w === 'and' && j + 1 < words.length && isNumberWord(words[j + 1]!) && (total > 0 || current >= 100)) {
        continue;
      } else {
        break;
      }
    }
    out.push(String(total + current));
    i = j;
  }
  return out;
}

/** The digits of every number in the words, in order: "9 05" and "9 0 5" and "905" read the same. */
function digitsOf(words: string[]): string {
  return words.filter(isDigits).join('');
}

/** Short words whose full stop does not end a sentence ("Dr. Patel"). */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'mt', 'no', 'vs', 'eg', 'ie', 'etc', 'approx']);

/** Capitalised words that do not start a sentence, as normalised word runs ("New York" → ["new"], ["york"]). */
export function namesOf(text: string): string[][] {
  const names: string[][] = [];
  let sentenceStart = true;
  for (const token of text.split(/\s+/)) {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const abbreviation = ABBREVIATIONS.has(word.toLowerCase().replace(/\./g, '')) && /\.$/.test(token);
    if (word) {
      // Titles ("Dr.") may be said in full; "I" is always capitalised.
      if (!sentenceStart && !abbreviation && /^\p{Lu}/u.test(word) && !/^I('|’|$)/.test(word)) {
        const words = normaliseWords(word);
        if (words.length) names.push(words);
      }
      sentenceStart = false;
    }
    if (/[.!?:…]["”’')\]]*$/.test(token) && !abbreviation) sentenceStart = true;
  }
  return names;
}

function contains(words: string[], run: string[]): boolean {
  outer: for (let i = 0; i + run.length <= words.length; i++) {
    for (let k = 0; k < run.length; k++) if (words[i + k] !== run[k]) continue outer;
    return true;
  }
  return false;
}

/**
 * Compares what the voice was asked to say with what it says it said. An empty transcript is nothing
 * to compare with (a service that sends none): it never asks for a repeat.
 */
export function checkReadBack(text: string, heard: string): ReadBackCheck {
  const said = normaliseWords(text);
  const got = normaliseWords(heard);
  if (got.length === 0) return { differed: false, numbersDiffer: false, namesDiffer: false, repeat: false };
  const differed = said.length !== got.length || said.some((w, i) => w !== got[i]);
  if (!differed) return { differed, numbersDiffer: false, namesDiffer: false, repeat: false };
  const numbersDiffer = digitsOf(said) !== digitsOf(got);
  const namesDiffer =
    namesOf(text).some((name) => !contains(got, name)) || namesOf(heard).some((name) => !contains(said, name));
  return { differed, numbersDiffer, namesDiffer, repeat: numbersDiffer || namesDiffer };
}
