import { ibanValid, isCardNumber, isCode, isEmail, isMask, isPhoneNumber, looksLikePassword } from './checks';

/*
 * The detectors, over lines of tokens. A token is an OCR word (detect.ts) or a whitespace-separated
 * piece of text (text.ts); both front ends describe the layout the same way, so one set of rules
 * serves pictures and text alike.
 */

export type PrivateKind = 'card' | 'iban' | 'email' | 'phone' | 'code' | 'password';

export interface Token {
  text: string;
  /** Close enough to the token before it to be part of the same number (OCR splits "4111 1111 …"). */
  joined: boolean;
}

export interface TokenLine {
  tokens: readonly Token[];
  /** Sits right below the line before it, so a value may continue from a label there. */
  follows: boolean;
}

export interface TokenRef {
  line: number;
  token: number;
}

export interface Found {
  kind: PrivateKind;
  tokens: TokenRef[];
}

/** A card number is at most 5 groups, an IBAN 9 groups of 4 with its check digits, a phone 6 pieces. */
const MAX_SPAN = 10;
/** How far a one-time code may be from its label, in words ("G-123456 is your Google verification code"). */
const CODE_AFTER = 4;
const CODE_BEFORE = 5;
/** At least this many mask characters make a password field; "***" is more often a footnote. */
const MIN_MASK = 4;

/** Without the punctuation OCR leaves around a word: "(4111", "1111.", "user@example.com>". */
const core = (text: string) => text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
const word = (text: string) => core(text).toLowerCase();

const CODE_WORDS = new Set([
  'code',
  'codes',
  'otp',
  'passcode',
  'pin',
  'verification',
  'one-time',
  'onetime',
  '2fa',
  'mfa',
  'tan',
  'mtan',
  'pushtan',
  'smstan',
  'chiptan',
  'phototan',
  'código',
  'codigo',
  'codice',
  'sicherheitscode',
  'bestätigungscode',
  'verifizierungscode',
  'einmalcode',
  'zugangscode'
]);
/** Labels of card security codes, which have 3 digits. */
const CVV_WORDS = new Set(['cvv', 'cvc', 'cvv2', 'cvc2', 'csc']);
/** "Zip code 90210" and "error code 404" are not secrets. */
const NOT_SECRET_CODE = new Set([
  'zip',
  'postal',
  'post',
  'area',
  'country',
  'dialling',
  'dialing',
  'promo',
  'promotional',
  'discount',
  'coupon',
  'voucher',
  'referral',
  'error',
  'status',
  'exit',
  'response',
  'source',
  'product',
  'qr',
  'bar',
  'colour',
  'color',
  'language',
  'currency',
  'tax',
  'postleitzahl'
]);
const PASSWORD_WORDS = new Set([
  'password',
  'passwort',
  'kennwort',
  'contraseña',
  'contrasena',
  'passphrase',
  'wachtwoord',
  'senha',
  'lösenord',
  'losenord',
  'salasana',
  'hasło',
  'haslo',
  'пароль'
]);
const PHONE_WORDS = new Set([
  'tel',
  'tel.',
  'phone',
  'telephone',
  'téléphone',
  'telefon',
  'telefono',
  'teléfono',
  'mobile',
  'mob',
  'cell',
  'fax',
  'handy',
  'call',
  'whatsapp',
  'sms'
]);

class Scanner {
  private readonly used: Set<string> = new Set();
  readonly found: Found[] = [];

  constructor(readonly lines: readonly TokenLine[]) {}

  isUsed(line: number, token: number): boolean {
    return this.used.has(`${line}:${token}`);
  }

  take(kind: PrivateKind, tokens: TokenRef[]): void {
    for (const t of tokens) this.used.add(`${t.line}:${t.token}`);
    this.found.push({ kind, tokens });
  }

  /** Runs of joined, unused tokens on each line, longest first at each start, taken when `test` accepts them. */
  spans(kind: PrivateKind, maxSpan: number, test: (tokens: readonly Token[], line: number, start: number) => boolean) {
    this.lines.forEach(({ tokens }, line) => {
      for (let start = 0; start < tokens.length; start++) {
        if (this.isUsed(line, start)) continue;
        let end = start + 1;
        while (end < tokens.length && end - start < maxSpan && tokens[end]!.joined && !this.isUsed(line, end)) end++;
        for (; end > start; end--) {
          if (!test(tokens.slice(start, end), line, start)) continue;
          this.take(kind, range(line, start, end));
          start = end - 1;
          break;
        }
      }
    });
  }

  /** Tokens in reading order after (or before) a position, crossing into a following line only. */
  around(line: number, token: number, count: number, direction: 1 | -1): TokenRef[] {
    const out: TokenRef[] = [];
    let l = line;
    let t = token + direction;
    while (out.length < count) {
      const tokens = this.lines[l]!.tokens;
      if (t >= 0 && t < tokens.length) {
        out.push({ line: l, token: t });
        t += direction;
        continue;
      }
      if (direction === -1 || l + 1 >= this.lines.length || !this.lines[l + 1]!.follows) break;
      l++;
      t = 0;
    }
    return out;
  }

  text(ref: TokenRef): string {
    return this.lines[ref.line]!.tokens[ref.token]!.text;
  }
}

function range(line: number, start: number, end: number): TokenRef[] {
  return Array.from({ length: end - start }, (_, i) => ({ line, token: start + i }));
}

function cards(scan: Scanner): void {
  scan.spans('card', 5, (tokens) => !tokens[0]!.text.startsWith('+') && isCardNumber(tokens.map((t) => core(t.text))));
}

function ibans(scan: Scanner): void {
  scan.spans('iban', MAX_SPAN, (tokens) => {
    const pieces = tokens.map((t) => core(t.text));
    return pieces.every((p) => /^[A-Za-z0-9]+$/.test(p)) && ibanValid(pieces.join(''));
  });
}

function emails(scan: Scanner): void {
  // "name @ example.com": OCR may put spaces around the @ or a dot; only those gaps are closed.
  scan.spans('email', 3, (tokens) => {
    const texts = tokens.map((t) => t.text);
    const glued = texts.every((t, i) => i === 0 || /[@.]$/.test(texts[i - 1]!) || /^[@.]/.test(t));
    return glued && isEmail(core(texts.join('')).replace(/^mailto:/i, ''));
  });
}

function phones(scan: Scanner): void {
  scan.spans('phone', 6, (tokens, line, start) => {
    const all = scan.lines[line]!.tokens;
    const end = start + tokens.length;
    // A run of digit groups that goes on past the candidate is some other, longer number.
    const digitsOnly = (t: Token | undefined) => t !== undefined && /^\d+$/.test(core(t.text));
    if ((all[start]!.joined && digitsOnly(all[start - 1])) || (all[end]?.joined && digitsOnly(all[end]))) return false;
    const last = tokens.length - 1;
    const pieces = tokens.map((t, i) => {
      const text = i === last ? t.text.replace(/[,;:.!?"'”’]+$/u, '') : t.text;
      return i === 0 ? text.replace(/^[^\p{N}+(]+/u, '') : text;
    });
    const before = [start - 1, start - 2].filter((i) => i >= 0);
    const labelled = before.some((i) => PHONE_WORDS.has(word(all[i]!.text)));
    return isPhoneNumber(pieces, labelled);
  });
}

/** "••••••••": a masked password, with the word right after it (a revealed last character, a card's last four). */
function masks(scan: Scanner): void {
  scan.lines.forEach(({ tokens }, line) => {
    for (let start = 0; start < tokens.length; start++) {
      if (scan.isUsed(line, start) || !isMask(tokens[start]!.text)) continue;
      let end = start + 1;
      while (end < tokens.length && tokens[end]!.joined && isMask(tokens[end]!.text) && !scan.isUsed(line, end)) end++;
      const maskChars = tokens.slice(start, end).reduce((n, t) => n + [...t.text].length, 0);
      if (maskChars < MIN_MASK) continue;
      if (end < tokens.length && tokens[end]!.joined && !scan.isUsed(line, end)) end++;
      scan.take('password', range(line, start, end));
      start = end - 1;
    }
  });
}

/** The value after a "Password" label: on its line, or the first word of the line below. */
function passwordValues(scan: Scanner): void {
  scan.lines.forEach(({ tokens }, line) => {
    tokens.forEach((token, index) => {
      const label = PASSWORD_WORDS.has(word(token.text)) || isMotDePasse(tokens, index);
      if (!label || /[?]$/.test(token.text)) return;
      const next = scan.around(line, index, 2, 1);
      const colon = token.text.endsWith(':') || (next[0] !== undefined && scan.text(next[0]) === ':');
      const candidates = next.filter((ref) => scan.text(ref) !== ':');
      const value = candidates[0];
      if (!value || scan.isUsed(value.line, value.token)) return;
      const text = scan.text(value);
      const sameLine = value.line === line;
      if ((colon && sameLine && text.length <= 64) || looksLikePassword(text)) scan.take('password', [value]);
    });
  });
}

function isMotDePasse(tokens: readonly Token[], index: number): boolean {
  return (
    index >= 2 &&
    word(tokens[index]!.text) === 'passe' &&
    word(tokens[index - 1]!.text) === 'de' &&
    word(tokens[index - 2]!.text) === 'mot'
  );
}

/** One-time codes, PINs, TANs and card security codes: the nearest code-shaped value next to such a label. */
function codes(scan: Scanner): void {
  scan.lines.forEach(({ tokens }, line) => {
    tokens.forEach((token, index) => {
      const label = word(token.text);
      const previous = index > 0 ? word(tokens[index - 1]!.text) : '';
      const cvv = CVV_WORDS.has(label) || (label === 'code' && previous === 'security');
      if (!cvv && !CODE_WORDS.has(label)) return;
      if (NOT_SECRET_CODE.has(previous)) return;
      const after = scan.around(line, index, CODE_AFTER, 1);
      const before = scan.around(line, index, CODE_BEFORE, -1);
      for (const refs of [after, before]) {
        const hit = nearestCode(scan, refs, cvv);
        if (hit) {
          scan.take('code', hit);
          return;
        }
      }
    });
  });
}

function nearestCode(scan: Scanner, refs: readonly TokenRef[], cvv: boolean): TokenRef[] | undefined {
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (scan.isUsed(ref.line, ref.token)) continue;
    const text = core(scan.text(ref));
    // "123 456": a six-digit code printed in two halves.
    const partner = refs[i + 1];
    if (partner && partner.line === ref.line && Math.abs(partner.token - ref.token) === 1) {
      const second = core(scan.text(partner));
      const [a, b] = partner.token > ref.token ? [text, second] : [second, text];
      const joined = scan.lines[ref.line]!.tokens[Math.max(ref.token, partner.token)]!.joined;
      if (joined && /^\d{3,4}$/.test(a) && /^\d{3,4}$/.test(b) && !scan.isUsed(partner.line, partner.token)) {
        return [ref, partner].sort((x, y) => x.token - y.token);
      }
    }
    if (isCode(text, cvv)) return [ref];
  }
  return undefined;
}

/**
 * Every private item in the lines, each token in at most one item. The order settles overlaps: the
 * strictest checks (IBAN mod 97, Luhn) first, so a card number is never also taken for a phone number.
 */
export function findInLines(lines: readonly TokenLine[]): Found[] {
  const scan = new Scanner(lines);
  ibans(scan);
  cards(scan);
  emails(scan);
  phones(scan);
  masks(scan);
  passwordValues(scan);
  codes(scan);
  return scan.found;
}
