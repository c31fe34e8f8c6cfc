import { findInLines, type PrivateKind, type Token, type TokenLine } from './rules';

/** What replaces each kind of item in text that leaves the machine. */
export const PLACEHOLDERS: Record<PrivateKind, string> = {
  card: '[card number]',
  iban: '[bank account number]',
  email: '[e-mail]',
  phone: '[phone number]',
  code: '[code]',
  password: '[password]'
};

export interface HiddenText {
  kind: PrivateKind;
  /** The private text itself: never log it. */
  text: string;
}

/** Spaces or tabs this long still join two pieces of one number ("4111 1111", "4111  1111"). */
const MAX_JOINING_SPACE = 3;

interface Piece extends Token {
  start: number;
  end: number;
}

function pieces(text: string): Piece[][] {
  const lines: Piece[][] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const found: Piece[] = [];
    for (const match of line.matchAll(/\S+/g)) {
      const start = offset + match.index;
      const previous = found.at(-1);
      const joined = previous !== undefined && start - previous.end <= MAX_JOINING_SPACE;
      found.push({ text: match[0], joined, start, end: start + match[0].length });
    }
    lines.push(found);
    offset += line.length + 1;
  }
  return lines;
}

/** Punctuation around an item is not part of it; a phone number keeps its "+" and brackets, a password all. */
const OUTSIDE: Record<PrivateKind, { leading: RegExp; trailing: RegExp }> = {
  card: { leading: /^[^\p{L}\p{N}]+/u, trailing: /[^\p{L}\p{N}]+$/u },
  iban: { leading: /^[^\p{L}\p{N}]+/u, trailing: /[^\p{L}\p{N}]+$/u },
  email: { leading: /^[^\p{L}\p{N}]+/u, trailing: /[^\p{L}\p{N}]+$/u },
  code: { leading: /^[^\p{L}\p{N}]+/u, trailing: /[^\p{L}\p{N}]+$/u },
  phone: { leading: /^[^\p{N}+(]+/u, trailing: /[^\p{N})]+$/u },
  password: { leading: /^$/, trailing: /^$/ }
};
const length = (text: string, pattern: RegExp) => text.match(pattern)?.[0].length ?? 0;

/**
 * The text with every card number, IBAN, e-mail address, phone number, one-time code and password
 * replaced by a placeholder such as "[card number]": for OCR text or typed questions going to the cloud.
 */
export function redactText(text: string): { text: string; hidden: HiddenText[] } {
  const lines = pieces(text);
  // A blank line ends a paragraph: a label's value never continues past it.
  const tokenLines: TokenLine[] = lines.map((tokens, i) => ({ tokens, follows: i > 0 && lines[i - 1]!.length > 0 }));
  const spans = findInLines(tokenLines).map(({ kind, tokens }) => {
    const found = tokens.map((t) => lines[t.line]![t.token]!);
    const first = found[0]!;
    const last = found.at(-1)!;
    const start = first.start + length(first.text, OUTSIDE[kind].leading);
    const end = Math.max(start, last.end - length(last.text, OUTSIDE[kind].trailing));
    return { kind, start, end };
  });
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + PLACEHOLDERS[span.kind];
    at = span.end;
  }
  out += text.slice(at);
  return { text: out, hidden: spans.map((s) => ({ kind: s.kind, text: text.slice(s.start, s.end) })) };
}
