import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkStream, chunkText, SentenceChunker, type ChunkerOptions } from '../../../../src/core/speech/chunker';

/** Feeds text in deltas of the given sizes (cycled), returning every chunk including the flush. */
function feed(text: string, sizes: number[], options?: ChunkerOptions): string[] {
  const chunker = new SentenceChunker(options);
  const out: string[] = [];
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = Math.max(1, sizes.length > 0 ? (sizes[k % sizes.length] ?? 1) : text.length);
    out.push(...chunker.push(text.slice(i, i + size)));
    i += size;
  }
  return [...out, ...chunker.flush()];
}

/** Deterministic pseudo-random delta sizes 1..12. */
function randomSizes(seed: number, count = 64): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 1 + (s % 12);
  });
}

type Case = [name: string, text: string, chunks: string[], options?: ChunkerOptions];

const longFirst =
  'When you walk out of the front door, turn left and keep going along the fence, past the bakery and the bus stop, until you reach the crossing. Then wait.';

const CASES: Case[] = [
  ['sentence ends', 'Hello there. How are you? I am fine!', ['Hello there. ', 'How are you? ', 'I am fine!']],
  ['closing quote stays', 'He said "Hi." Then he left.', ['He said "Hi." ', 'Then he left.']],
  ['closing bracket stays', '(See the map.) Then turn left.', ['(See the map.) ', 'Then turn left.']],
  ['curly quotes and ?!', 'She asked “Really?!” Yes.', ['She asked “Really?!” ', 'Yes.']],
  ['several spaces go with the sentence', 'One.   Two.', ['One.   ', 'Two.']],
  [
    'e.g. and i.e. before lowercase',
    'Use a tool, e.g. a hammer, i.e. something heavy. Done.',
    ['Use a tool, e.g. a hammer, i.e. something heavy. ', 'Done.']
  ],
  [
    'e.g. before a capital',
    'Some languages, e.g. Python, are easy. Others are not.',
    ['Some languages, e.g. Python, are easy. ', 'Others are not.']
  ],
  [
    'etc. mid-sentence and at the end',
    'Apples, pears, etc. are fruit. We ate apples, pears, etc. Then we slept.',
    ['Apples, pears, etc. are fruit. ', 'We ate apples, pears, etc. ', 'Then we slept.']
  ],
  [
    'titles',
    'Dr. Smith and Mrs. Jones met Mr. Brown and Ms. Green on St. James Street. Bye.',
    ['Dr. Smith and Mrs. Jones met Mr. Brown and Ms. Green on St. James Street. ', 'Bye.']
  ],
  [
    'No., approx., vs.',
    'Room No. 5 is approx. 20 metres away, vs. 30 for room 6. Go.',
    ['Room No. 5 is approx. 20 metres away, vs. 30 for room 6. ', 'Go.']
  ],
  ['initials', 'J. R. R. Tolkien wrote it. Read it.', ['J. R. R. Tolkien wrote it. ', 'Read it.']],
  ['acronym', 'The U.S. Army base is near. It is big.', ['The U.S. Army base is near. ', 'It is big.']],
  ['a.m. before a new sentence', 'We open at 9 a.m. Come early.', ['We open at 9 a.m. ', 'Come early.']],
  [
    'decimals, versions, times',
    'Pi is 3.14 and version 1.2.3 ships at 10.30 today. Nice.',
    ['Pi is 3.14 and version 1.2.3 ships at 10.30 today. ', 'Nice.']
  ],
  ['number at a sentence end', 'The answer is 42. Next question.', ['The answer is 42. ', 'Next question.']],
  [
    'URL and e-mail',
    'Visit example.com/a.b?x=1 or write to a.b@c.de for help. Thanks.',
    ['Visit example.com/a.b?x=1 or write to a.b@c.de for help. ', 'Thanks.']
  ],
  ['domain at a sentence end', 'Go to example.com. It is free.', ['Go to example.com. ', 'It is free.']],
  ['ellipsis before lowercase', 'Wait... what happened? Nothing.', ['Wait... what happened? ', 'Nothing.']],
  ['ellipsis before a capital', 'I thought about it... Then I left.', ['I thought about it... ', 'Then I left.']],
  ['unicode ellipsis', 'Well… maybe. Hmm… No.', ['Well… maybe. ', 'Hmm… ', 'No.']],
  [
    'numbered list',
    'Steps:\n1. Open the box.\n2. Take it out.\n3) Enjoy',
    ['Steps:\n', '1. Open the box.\n', '2. Take it out.\n', '3) Enjoy']
  ],
  [
    'bullets',
    'You need:\n- a pen\n* paper\n• ink\nThat is all.',
    ['You need:\n', '- a pen\n', '* paper\n', '• ink\n', 'That is all.']
  ],
  ['list number is never alone', '1. Apples are red', ['1. Apples are red']],
  ['line after a list item', '- milk\nand eggs', ['- milk\n', 'and eggs']],
  ['heading', '## Weather\nSunny and warm', ['## Weather\n', 'Sunny and warm']],
  ['blank line', 'First paragraph without a stop\n\nSecond one', ['First paragraph without a stop\n\n', 'Second one']],
  ['CRLF blank line', 'One\r\n\r\nTwo', ['One\r\n\r\n', 'Two']],
  [
    'single newline is a space',
    'A line without a stop\ncontinues here. Done.',
    ['A line without a stop\ncontinues here. ', 'Done.']
  ],
  ['line ending with a stop', 'Line one.\nline two', ['Line one.\n', 'line two']],
  ['CJK marks need no space', '今天天气很好。我们去公园吧！好吗？', ['今天天气很好。', '我们去公园吧！', '好吗？']],
  ['CJK closing bracket', '他说：「好。」然后走了。', ['他说：「好。」', '然后走了。']],
  ['fullwidth stop, fullwidth decimal', '价格是３．５元．很便宜', ['价格是３．５元．', '很便宜']],
  ['halfwidth stop', 'ﾊｲ｡ｿｳﾃﾞｽ', ['ﾊｲ｡', 'ｿｳﾃﾞｽ']],
  ['Devanagari danda', 'यह अच्छा है। वह भी॥ ठीक', ['यह अच्छा है। ', 'वह भी॥ ', 'ठीक']],
  ['Arabic and Urdu', 'كيف حالك؟ أنا بخير۔ شكرا', ['كيف حالك؟ ', 'أنا بخير۔ ', 'شكرا']],
  ['Armenian and Ethiopic', 'Բարեւ։ ሰላም። እንዴት', ['Բարեւ։ ', 'ሰላም። ', 'እንዴት']],
  [
    'Thai relies on the length cut',
    'สวัสดีครับ วันนี้อากาศดีมาก ไปเที่ยวกันไหม',
    ['สวัสดีครับ วันนี้อากาศดีมาก ', 'ไปเที่ยวกันไหม'],
    { maxChunkChars: 30 }
  ],
  ['leading whitespace joins the first chunk', '  \n Hello. World', ['  \n Hello. ', 'World']],
  ['trailing whitespace joins the last chunk', 'Hello.   ', ['Hello.   ']],
  ['only whitespace', ' \n\t ', [' \n\t ']],
  ['empty', '', []],
  ['title at the end of the stream', 'I met Mr.', ['I met Mr.']],
  ['markdown emphasis', '**Note.** Read this.', ['**Note.** ', 'Read this.']],
  ['lowercase after !', 'Wow! that is cool.', ['Wow! ', 'that is cool.']],
  ['emoji after a sentence', 'Great job! 🎉 Keep going.', ['Great job! ', '🎉 Keep going.']],
  [
    'long first sentence is cut at a clause',
    longFirst,
    [
      'When you walk out of the front door, turn left and keep going along the fence, ',
      'past the bakery and the bus stop, until you reach the crossing. ',
      'Then wait.'
    ]
  ],
  [
    'clause cut only for the first chunk',
    'Hi. ' + longFirst,
    [
      'Hi. ',
      'When you walk out of the front door, turn left and keep going along the fence, past the bakery and the bus stop, until you reach the crossing. ',
      'Then wait.'
    ]
  ],
  [
    'CJK clause cut',
    '我们今天早上起床以后、先去了市场买菜，然后回家做饭。',
    ['我们今天早上起床以后、先去了市场买菜，', '然后回家做饭。'],
    { firstChunkMaxChars: 20, minChunkChars: 5 }
  ],
  [
    'dash clause cut',
    'The old lighthouse by the harbour — painted red and white — still works.',
    ['The old lighthouse by the harbour — ', 'painted red and white — still works.'],
    { firstChunkMaxChars: 40, minChunkChars: 10 }
  ],
  ['hard cut at the last whitespace', 'aaa bbb ccc ddd eee', ['aaa bbb ccc ', 'ddd eee'], { maxChunkChars: 12 }],
  ['hard cut without whitespace', 'xxxxxxxxxx', ['xxxx', 'xxxx', 'xx'], { maxChunkChars: 4 }],
  ['hard cut keeps surrogate pairs whole', '😀😀😀', ['😀', '😀', '😀'], { maxChunkChars: 3 }]
];

describe('SentenceChunker examples', () => {
  it.each(CASES)('%s', (_name, text, expected, options) => {
    expect(chunkText(text, options)).toEqual(expected);
    expect(feed(text, [1], options)).toEqual(expected);
    for (let seed = 1; seed <= 20; seed++) expect(feed(text, randomSizes(seed), options)).toEqual(expected);
  });
});

describe('SentenceChunker streaming', () => {
  it('waits for the next word before deciding about an abbreviation', () => {
    const c = new SentenceChunker();
    expect(c.push('Ask Dr.')).toEqual([]);
    expect(c.push(' ')).toEqual([]);
    expect(c.push('Smith now. ')).toEqual([]);
    expect(c.push('Or')).toEqual(['Ask Dr. Smith now. ']);
    expect(c.flush()).toEqual(['Or']);
  });

  it('waits for the next character after a decimal point and after an ellipsis', () => {
    const c = new SentenceChunker();
    expect(c.push('It is 3.')).toEqual([]);
    expect(c.push('5 km.')).toEqual([]);
    expect(c.push(' Wait...')).toEqual(['It is 3.5 km. ']);
    expect(c.push(' ')).toEqual([]);
    expect(c.push('w')).toEqual([]);
    expect(c.push('hat?')).toEqual([]);
    expect(c.flush()).toEqual(['Wait... what?']);
  });

  it('releases a CJK sentence as soon as the next character arrives', () => {
    const c = new SentenceChunker();
    expect(c.push('你好。')).toEqual([]);
    expect(c.push('世')).toEqual(['你好。']);
  });

  it('emits the first clause of a long first sentence before the sentence ends', () => {
    const c = new SentenceChunker();
    const stop = longFirst.indexOf('.');
    let firstAt = -1;
    for (let i = 0; i < longFirst.length && firstAt < 0; i++) if (c.push(longFirst[i]!).length > 0) firstAt = i;
    expect(firstAt).toBeGreaterThan(0);
    expect(firstAt).toBeLessThan(stop);
  });

  it('streams 100 000 characters without punctuation during push, not only at flush', () => {
    const words = 'the quick brown fox jumps over a lazy dog and keeps on running ';
    const text = words.repeat(Math.ceil(100_000 / words.length)).slice(0, 100_000);
    const c = new SentenceChunker();
    const pushed: string[] = [];
    for (let i = 0; i < text.length; i += 7) pushed.push(...c.push(text.slice(i, i + 7)));
    const rest = c.flush();
    expect(pushed.length).toBeGreaterThan(200);
    expect([...pushed, ...rest].join('')).toBe(text);
    for (const chunk of [...pushed, ...rest]) expect(chunk.trim().length).toBeLessThanOrEqual(400);

    const solid = 'x'.repeat(100_000);
    const d = new SentenceChunker();
    const solidChunks: string[] = [];
    for (let i = 0; i < solid.length; i += 5) solidChunks.push(...d.push(solid.slice(i, i + 5)));
    expect(solidChunks.length).toBe(249);
    expect([...solidChunks, ...d.flush()].join('')).toBe(solid);
  });

  it('stays fast on long whitespace and punctuation runs fed one character at a time', () => {
    const text = 'Hi.' + ' '.repeat(50_000) + '!'.repeat(50_000) + '\n'.repeat(50_000) + 'end';
    const started = performance.now();
    const chunks = feed(text, [1]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(chunks.join('')).toBe(text);
  });

  it('adapts an async iterable of deltas', async () => {
    async function* deltas() {
      yield 'Hello the';
      yield 're. How';
      yield ' are you?';
    }
    const out: string[] = [];
    for await (const chunk of chunkStream(deltas())) out.push(chunk);
    expect(out).toEqual(['Hello there. ', 'How are you?']);
  });

  it('can be reused after flush', () => {
    const c = new SentenceChunker();
    expect([...c.push('One. Two'), ...c.flush()]).toEqual(['One. ', 'Two']);
    expect([...c.push('Three. Four'), ...c.flush()]).toEqual(['Three. ', 'Four']);
  });
});

// Text built from the pieces the rules are about, so generated streams hit them often.
const piece = fc.oneof(
  fc.constantFrom(
    'Hello',
    'world',
    'the',
    'Then',
    'what',
    'a',
    'I',
    ' ',
    '  ',
    '. ',
    '! ',
    '? ',
    '?! ',
    '.',
    ',',
    ', ',
    '; ',
    ': ',
    ' — ',
    ' – ',
    'e.g. ',
    'i.e. ',
    'etc. ',
    'Dr. ',
    'Mr. ',
    'Mrs. ',
    'Ms. ',
    'St. ',
    'No. ',
    'vs. ',
    'approx. ',
    'J. ',
    'R. ',
    'U.S. ',
    '3.5',
    '1.2.3',
    '10.30',
    '42',
    'example.com/a.b?x=1',
    'a.b@c.de',
    '...',
    '…',
    '"',
    '“',
    '”',
    ')',
    '(',
    '\n',
    '\n\n',
    '\r\n',
    '\n- ',
    '\n* ',
    '\n• ',
    '\n1. ',
    '\n2) ',
    '\n# ',
    '你好',
    '。',
    '！',
    '？',
    '．',
    '、',
    '，',
    '；',
    '」',
    '३',
    'है',
    '।',
    '॥',
    '؟',
    '۔',
    '։',
    '።',
    'สวัสดีครับ',
    '😀',
    '\u2029',
    '\u00a0'
  ),
  fc.string({ maxLength: 6 })
);
const realistic = fc.array(piece, { maxLength: 100, size: 'max' }).map((parts) => parts.join(''));
const dense = fc.string({
  unit: fc.constantFrom('.', ' ', '\n', 'a', 'A', '1', '!', '?', '"', ')', '。', ',', '、', '-', '#', '…', '\r', '😀'),
  maxLength: 300,
  size: 'max'
});
const anyText = fc.oneof(
  realistic,
  dense,
  fc.string({ maxLength: 200, size: 'medium' }),
  fc.string({ unit: 'binary', maxLength: 200, size: 'medium' })
);
const sizes = fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 20 });
const options = fc.option(
  fc.record(
    {
      firstChunkMaxChars: fc.integer({ min: 1, max: 120 }),
      minChunkChars: fc.integer({ min: 0, max: 40 }),
      maxChunkChars: fc.integer({ min: 2, max: 200 })
    },
    { requiredKeys: [] }
  ),
  { nil: undefined }
);

describe('SentenceChunker properties', () => {
  it('is lossless and gives the same chunks whatever the delta boundaries', () => {
    fc.assert(
      fc.property(anyText, sizes, options, (text, split, opts) => {
        const whole = chunkText(text, opts);
        expect(whole.join('')).toBe(text);
        expect(feed(text, split, opts)).toEqual(whole);
        expect(feed(text, [1], opts)).toEqual(whole);
      }),
      { numRuns: 1000 }
    );
  });

  it('never emits an empty or whitespace-only chunk (unless the whole stream is whitespace)', () => {
    fc.assert(
      fc.property(anyText, sizes, options, (text, split, opts) => {
        const chunks = feed(text, split, opts);
        if (text.trim() === '') {
          expect(chunks).toEqual(text === '' ? [] : [text]);
          return;
        }
        for (const chunk of chunks) expect(chunk.trim()).not.toBe('');
      }),
      { numRuns: 400 }
    );
  });

  it('never emits a chunk longer than maxChunkChars, not counting whitespace at its edges', () => {
    fc.assert(
      fc.property(anyText, sizes, options, (text, split, opts) => {
        const max = opts?.maxChunkChars ?? 400;
        for (const chunk of feed(text, split, opts)) expect(chunk.trim().length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 400 }
    );
  });

  it('starts every chunk after the first with a non-space character', () => {
    fc.assert(
      fc.property(anyText, options, (text, opts) => {
        for (const chunk of chunkText(text, opts).slice(1)) expect(chunk[0]?.trim()).not.toBe('');
      }),
      { numRuns: 300 }
    );
  });
});
