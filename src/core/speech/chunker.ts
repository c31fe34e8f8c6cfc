// Sentence chunker for streamed text: turns chat-completion deltas into speakable chunks as early as the
// text allows, so speech can start at the first sentence instead of waiting for the whole answer.
//
// Guarantees:
// - Lossless: the chunks (push results, then flush) concatenate to exactly the input.
// - Split-independent: every decision depends only on the text, never on where deltas were cut; a decision
//   that needs text after the current position waits for it (or for flush).
// - Whitespace convention: the whitespace after a chunk's end belongs to that chunk ("Hi. " + "Then …"), so
//   every chunk except the first starts with a non-space character. A chunk is released once the first
//   non-space character after it is known. Only a stream that is all whitespace yields a whitespace chunk.
// - No chunk is longer than maxChunkChars, not counting whitespace at its edges.

export interface ChunkerOptions {
  firstChunkMaxChars?: number;
  minChunkChars?: number;
  maxChunkChars?: number;
}

const DEFAULTS = { firstChunkMaxChars: 80, minChunkChars: 20, maxChunkChars: 400 };

// Results of a decision: wait for more text, "not a chunk end", or the index where the chunk ends (> 0).
const NEED = -1;
const NONE = 0;

// Character classes, one bit each, looked up by UTF-16 code unit.
const WS = 1;
const TERM = 2; // ends a sentence when followed by whitespace
const HARD_TERM = 4; // ends a sentence even without whitespace after it (also has TERM)
const CLOSER = 8; // closing quote or bracket that stays with the sentence before it
const OPENER = 16;
const CLAUSE = 32; // clause mark that needs whitespace after it: , ; :
const CLAUSE_TIGHT = 64; // CJK clause mark, no whitespace needed
const DASH = 128; // — or –, a clause mark only with spaces on both sides

const CLASS = new Uint8Array(0x10000);
function classify(chars: string, bits: number): void {
  for (const ch of chars) CLASS[ch.charCodeAt(0)]! |= bits;
}
// The same set as JavaScript's \s and String.prototype.trim.
classify(
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff',
  WS
);
classify('.!?\u2026\u203c\u2047\u2048\u2049', TERM);
// CJK 。！？．｡, Devanagari । ॥, Arabic ؟ ۔, Armenian ։, Ethiopic ።
classify('\u3002\uff01\uff1f\uff0e\uff61\u0964\u0965\u061f\u06d4\u0589\u1362', TERM | HARD_TERM);
classify(
  '"\')]}*_`\u00bb\u203a\u201d\u2019\u300d\u300f\uff09\u3011\u3015\u3017\u3019\u301b\u3009\u300b\uff02\uff07\uff3d\uff5d',
  CLOSER
);
classify('"\'([{\u00ab\u2039\u201c\u2018\u00bf\u00a1\u300c\u300e\uff08\u3010*_', OPENER);
classify(',;:\u060c\u061b', CLAUSE);
classify('\u3001\uff0c\uff1b\uff1a', CLAUSE_TIGHT);
classify('\u2014\u2013', DASH);

const FULLWIDTH_STOP = 0xff0e;

// Abbreviations (lower case, without the final dot) that continue the sentence before a letter or digit.
const CONTINUES = new Set([
  ...'mr mrs ms mx dr prof st mt rev hon gen col lt capt sgt gov sen fr'.split(' '),
  ...'e.g i.e eg ie cf vs v viz approx ca incl esp'.split(' ')
]);
// Abbreviations that continue the sentence before a number: "No. 5", "p. 12", "Fig. 3".
const BEFORE_NUMBER = new Set('no nos nr p pp fig vol ch sec art eq para'.split(' '));

const LOWER = /\p{Ll}/u;
const UPPER = /[\p{Lu}\p{Lt}]/u;
const ALNUM = /[\p{L}\p{N}]/u;
const LIST_NUMBER = /^\d{1,3}$/;
const INITIALS = /^(?:\p{Lu}\.)*\p{Lu}$/u; // "J", "U.S"

const isDigit = (c: number) => (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19);
const isLower = (cp: number) => (cp < 128 ? cp >= 97 && cp <= 122 : LOWER.test(String.fromCodePoint(cp)));
const isUpper = (cp: number) => (cp < 128 ? cp >= 65 && cp <= 90 : UPPER.test(String.fromCodePoint(cp)));
const isAlnum = (cp: number) =>
  cp < 128 ? (cp >= 48 && cp <= 57) || ((cp | 32) >= 97 && (cp | 32) <= 122) : ALNUM.test(String.fromCodePoint(cp));

/** How many line breaks the whitespace character c makes, given the character before it. */
function newlines(c: number, prev: number): number {
  if (c === 10) return prev === 13 ? 0 : 1; // \r\n is one line break
  if (c === 13 || c === 0x2028) return 1;
  return c === 0x2029 ? 2 : 0; // a paragraph separator is a blank line
}

/** Line breaks in text if it is all whitespace, else -1. */
function countLines(text: string, prev: number): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(CLASS[c]! & WS)) return -1;
    lines += newlines(c, prev);
    prev = c;
  }
  return lines;
}

/** A place where the pending chunk may be cut later, with the line state a chunk starting there begins with. */
interface CutPoint {
  at: number;
  listLine: boolean;
}

export class SentenceChunker {
  private readonly firstMax: number;
  private readonly minChars: number;
  private readonly maxChars: number;

  private buf = ''; // pending text; the current chunk starts at index 0
  private pos = 0; // next index to examine
  private first = true; // no chunk emitted yet
  private contentStart = -1; // first non-space index of the current chunk
  private lineStart = true; // the next non-space character starts a line
  private listLine = false; // the current line is a list item or heading
  private termEnd = 0; // sentence marks before this index were already judged
  private runFrom = 0; // the last whitespace run passed over
  private runTo = 0;
  private clause: CutPoint | undefined; // latest clause boundary far enough into the chunk
  private space: CutPoint | undefined; // latest whitespace boundary after content
  private cutLines = 0; // newlines in the whitespace a sentence end is cut after
  // Memo of the whitespace run being measured, so a long run that arrives piecewise is not rescanned.
  private wsFrom = -1;
  private wsTo = 0;
  private wsLines = 0;
  private last = NaN; // last code unit received

  constructor(options: ChunkerOptions = {}) {
    const pick = (value: number | undefined, fallback: number, least: number) =>
      value !== undefined && Number.isFinite(value) ? Math.max(least, Math.floor(value)) : fallback;
    this.firstMax = pick(options.firstChunkMaxChars, DEFAULTS.firstChunkMaxChars, 1);
    this.minChars = pick(options.minChunkChars, DEFAULTS.minChunkChars, 0);
    // At least 2 so a cut inside a word can always step back to keep a surrogate pair whole.
    this.maxChars = pick(options.maxChunkChars, DEFAULTS.maxChunkChars, 2);
  }

  /** Feed a delta; returns the chunks that became complete (possibly none). */
  push(delta: string): string[] {
    if (delta.length === 0) return [];
    const prev = this.last;
    this.last = delta.charCodeAt(delta.length - 1);
    // Waiting at the end of a whitespace run and the delta only extends it: nothing can be decided yet, so
    // skip the scan (reading the pending text would copy it on every push, quadratic for a long run).
    if (this.wsFrom >= 0 && this.wsTo === this.buf.length) {
      const lines = countLines(delta, prev);
      if (lines >= 0) {
        this.buf += delta;
        this.wsTo = this.buf.length;
        this.wsLines += lines;
        return [];
      }
    }
    this.buf += delta;
    return this.scan(false);
  }

  /**
   * End of stream: returns what is left (zero or one chunk; more only if the held-back tail must still be cut
   * to respect maxChunkChars). The chunker is then ready for a new stream.
   */
  flush(): string[] {
    const out = this.scan(true);
    if (this.buf.length > 0) out.push(this.buf);
    this.buf = '';
    this.last = NaN;
    this.first = true;
    this.startChunk(true, false);
    return out;
  }

  private scan(final: boolean): string[] {
    const out: string[] = [];
    for (;;) {
      const buf = this.buf;
      const p = this.pos;
      if (p >= buf.length) return out;
      const kind = CLASS[buf.charCodeAt(p)]!;

      if (kind & WS) {
        const end = this.spaceRun(p, final);
        if (end === NEED) return out;
        const lines = this.wsLines;
        if (this.contentStart >= 0 && end < buf.length && lines > 0) {
          // A blank line always ends a chunk; a single newline only around list items and headings.
          let cut: boolean | undefined = lines >= 2 || this.listLine;
          if (!cut) cut = this.lineKindAt(end, final);
          if (cut === undefined) return out;
          if (cut) {
            out.push(this.cut(end, true, this.listLine));
            continue;
          }
        }
        if (lines > 0) this.lineStart = true;
        this.runFrom = p;
        this.runTo = end;
        this.pos = end;
        continue;
      }

      if (this.lineStart) {
        const listLine = this.lineKindAt(p, final);
        if (listLine === undefined) return out;
        this.lineStart = false;
        this.listLine = listLine;
      }
      if (this.contentStart < 0) this.contentStart = p;
      else if (p > this.contentStart) this.noteCutPoints(p);

      const body = p - this.contentStart;
      if (this.first && body >= this.firstMax && this.clause) {
        // A long first sentence: speak its first clause now rather than wait for the full stop.
        out.push(this.cutAt(this.clause));
        continue;
      }
      if (body >= this.maxChars) {
        out.push(this.cutAt(this.hardCut()));
        continue;
      }
      if (p >= this.termEnd && kind & TERM) {
        const end = this.judgeSentenceEnd(p, final);
        if (end === NEED) return out;
        if (end !== NONE) {
          out.push(this.cut(end, this.cutLines > 0, this.listLine));
          continue;
        }
      }
      this.pos = p + 1;
    }
  }

  /** Records the boundaries just before the non-space character at p, for later length cuts. */
  private noteCutPoints(p: number): void {
    const buf = this.buf;
    const prev = CLASS[buf.charCodeAt(p - 1)]!;
    let clauseEnd = -1;
    if (prev & WS) {
      this.space = { at: p, listLine: this.listLine };
      const m = this.runTo === p ? this.runFrom - 1 : -1;
      if (m >= 0) {
        const mark = CLASS[buf.charCodeAt(m)]!;
        if (mark & (CLAUSE | CLAUSE_TIGHT) || (mark & DASH && m > 0 && CLASS[buf.charCodeAt(m - 1)]! & WS)) {
          clauseEnd = m + 1;
        }
      }
    } else if (prev & CLAUSE_TIGHT) {
      clauseEnd = p;
    }
    if (clauseEnd >= 0 && clauseEnd - this.contentStart >= this.minChars) {
      this.clause = { at: p, listLine: this.listLine };
    }
  }

  /** Where to cut a chunk that reached maxChunkChars. */
  private hardCut(): CutPoint {
    const half = this.contentStart + (this.maxChars >> 1);
    if (this.clause && this.clause.at > half) return this.clause;
    if (this.space) return this.space;
    // No whitespace at all: cut inside the word, but never between the halves of a surrogate pair.
    let at = this.contentStart + this.maxChars;
    const before = this.buf.charCodeAt(at - 1);
    if (before >= 0xd800 && before < 0xdc00) at -= 1;
    return { at, listLine: this.listLine };
  }

  /**
   * Judges the sentence mark at p: NEED, NONE, or the index after the mark, its closing quotes and the
   * whitespace that follows.
   */
  private judgeSentenceEnd(p: number, final: boolean): number {
    const buf = this.buf;
    const len = buf.length;
    const limit = this.contentStart + this.maxChars;
    let i = p;
    let hard = false;
    let bang = false;
    let dots = 0;
    for (; i < len; i++) {
      const c = buf.charCodeAt(i);
      const kind = CLASS[c]!;
      if (!(kind & TERM)) break;
      // Marks running past the length limit cannot end this chunk; the length cut will.
      if (i >= limit) return this.notEnd(i);
      if (kind & HARD_TERM) hard = true;
      else if (c === 46) dots += 1;
      else if (c === 0x2026) dots += 3;
      else bang = true;
    }
    for (; i < len && CLASS[buf.charCodeAt(i)]! & CLOSER; i++) {
      if (i >= limit) return this.notEnd(i);
    }
    if (i === len && !final) return NEED;
    const closed = i;
    if (closed === len) {
      this.cutLines = 0;
      return len;
    }
    if (hard && closed === p + 1 && buf.charCodeAt(p) === FULLWIDTH_STOP) {
      // "３．５" is a number, not a sentence end.
      if (isDigit(buf.charCodeAt(p - 1)) && isDigit(buf.charCodeAt(closed))) return this.notEnd(closed);
    }
    const end = this.spaceRun(closed, final);
    if (end === NEED) return NEED;
    // "3.5", "example.com/a.b?x=1", "a.b@c.de": Latin marks only end a sentence before whitespace.
    if (end === closed && !hard) return this.notEnd(closed);
    const lines = this.wsLines;
    this.cutLines = lines;
    if (hard || bang || end === len) return end;

    const { word, start } = this.wordBefore(p);
    // "1. Apples": a list number alone is never a chunk.
    if (dots === 1 && start === this.contentStart && LIST_NUMBER.test(word)) return this.notEnd(closed);
    // A line that ends with a sentence mark ends the sentence.
    if (lines > 0) return end;

    let next = buf.charCodeAt(end);
    if (next >= 0xd800 && next < 0xdc00) {
      if (end + 1 >= len && !final) return NEED;
      next = buf.codePointAt(end)!;
    }
    if (dots === 1) {
      const lower = word.toLowerCase();
      if (CONTINUES.has(lower) && isAlnum(next)) return this.notEnd(closed); // "Dr. Smith", "e.g. Python"
      if (BEFORE_NUMBER.has(lower) && isDigit(next)) return this.notEnd(closed); // "No. 5"
      if (INITIALS.test(word) && isUpper(next)) return this.notEnd(closed); // "J. R. R. Tolkien", "U.S. Army"
    }
    // "etc. and", "wait... what": a lowercase word continues the sentence.
    return isLower(next) ? this.notEnd(closed) : end;
  }

  private notEnd(judgedTo: number): number {
    this.termEnd = judgedTo;
    return NONE;
  }

  /** The word ending at p, without opening quotes or brackets; empty if it is too long to be an abbreviation. */
  private wordBefore(p: number): { word: string; start: number } {
    const buf = this.buf;
    const stop = Math.max(0, p - 24);
    let s = p;
    while (s > stop && !(CLASS[buf.charCodeAt(s - 1)]! & WS)) s -= 1;
    if (s === stop && s > 0 && !(CLASS[buf.charCodeAt(s - 1)]! & WS)) return { word: '', start: -1 };
    while (s < p && CLASS[buf.charCodeAt(s)]! & OPENER) s += 1;
    return { word: buf.slice(s, p), start: s };
  }

  /** Measures the whitespace run at i: its end (or NEED), with its newline count in wsLines. */
  private spaceRun(i: number, final: boolean): number {
    const buf = this.buf;
    let j = i;
    let lines = 0;
    if (this.wsFrom === i) {
      j = this.wsTo;
      lines = this.wsLines;
    }
    for (; j < buf.length; j++) {
      const c = buf.charCodeAt(j);
      if (!(CLASS[c]! & WS)) break;
      lines += newlines(c, buf.charCodeAt(j - 1));
    }
    this.wsFrom = i;
    this.wsTo = j;
    this.wsLines = lines;
    return j === buf.length && !final ? NEED : j;
  }

  /** Whether the line starting at i is a list item ("- ", "* ", "• ", "1. ", "2) ") or a heading ("# "). */
  private lineKindAt(i: number, final: boolean): boolean | undefined {
    const buf = this.buf;
    const len = buf.length;
    const spaceAt = (j: number) => {
      if (j >= len) return final ? false : undefined;
      const c = buf.charCodeAt(j);
      return c === 32 || c === 9;
    };
    const c = buf.charCodeAt(i);
    if (c === 45 || c === 42 || c === 43 || c === 0x2022) return spaceAt(i + 1);
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      for (; j < len && isDigit(buf.charCodeAt(j)); j++) if (j - i >= 3) return false;
      if (j >= len) return final ? false : undefined;
      const d = buf.charCodeAt(j);
      return d === 46 || d === 41 ? spaceAt(j + 1) : false;
    }
    if (c === 35) {
      let j = i + 1;
      for (; j < len && buf.charCodeAt(j) === 35; j++) if (j - i >= 6) return false;
      return spaceAt(j);
    }
    return false;
  }

  private cutAt(point: CutPoint): string {
    return this.cut(point.at, false, point.listLine);
  }

  /** Emits buf[0, at) and starts the next chunk at `at`, which is rescanned from there. */
  private cut(at: number, lineStart: boolean, listLine: boolean): string {
    const chunk = this.buf.slice(0, at);
    this.buf = this.buf.slice(at);
    this.first = false;
    this.startChunk(lineStart, listLine);
    return chunk;
  }

  private startChunk(lineStart: boolean, listLine: boolean): void {
    this.pos = 0;
    this.contentStart = -1;
    this.lineStart = lineStart;
    this.listLine = listLine;
    this.termEnd = 0;
    this.runFrom = 0;
    this.runTo = 0;
    this.clause = undefined;
    this.space = undefined;
    this.wsFrom = -1;
  }
}

/** Convenience for tests/bench: chunks a whole text (fed as one delta; any other split gives the same chunks). */
export function chunkText(text: string, options?: ChunkerOptions): string[] {
  const chunker = new SentenceChunker(options);
  return [...chunker.push(text), ...chunker.flush()];
}

/** Async-iterable adapter: for await (const chunk of chunkStream(deltas)) ... */
export async function* chunkStream(deltas: AsyncIterable<string>, options?: ChunkerOptions): AsyncGenerator<string> {
  const chunker = new SentenceChunker(options);
  for await (const delta of deltas) yield* chunker.push(delta);
  yield* chunker.flush();
}
