// Throughput of the streaming sentence chunker on realistic mixed text fed in small deltas.
import { performance } from 'node:perf_hooks';
import { SentenceChunker } from '../src/core/speech/chunker';
import { seededRandom as random } from '../tests/seeded-random';

const TARGET_CHARS = 8_000_000;
const RUNS = 5;

const WORDS = (
  'the a door table window street light car bus cup coffee red green left right near far small large ' +
  'open closed sign label button screen person people walking sitting holding looking there here is are ' +
  'it looks like probably about metres away behind in front of next to above below with and but or'
).split(' ');
const ODD = ['e.g.', 'i.e.', 'etc.', 'Dr.', 'Mr.', 'No.', 'vs.', 'approx.', 'U.S.', 'J. R.', '3.5', '1.2.3', '10.30'];
const LINKS = ['example.com/a.b?x=1', 'a.b@c.de', 'https://lumen.example/help'];
const CJK = ['我看到一张桌子。', '前面有一扇门！', '这是什么？', '左边是窗户，右边是灯。'];
const OTHER = ['यह एक दरवाज़ा है। ', 'هذا باب؟ ', 'ประตูอยู่ทางซ้าย '];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)] as T;
}

function sentence(next: () => number): string {
  const words: string[] = [];
  const count = 4 + Math.floor(next() * 18);
  for (let i = 0; i < count; i++) {
    const r = next();
    if (r < 0.05) words.push(pick(next, ODD));
    else if (r < 0.07) words.push(pick(next, LINKS));
    else if (r < 0.12) words.push(pick(next, WORDS) + ',');
    else words.push(pick(next, WORDS));
  }
  const text = words.join(' ');
  const end = next();
  const stop = end < 0.7 ? '.' : end < 0.8 ? '?' : end < 0.88 ? '!' : end < 0.95 ? '...' : '."';
  return text.charAt(0).toUpperCase() + text.slice(1) + stop;
}

/** Paragraphs of English sentences with lists, headings, CJK and other scripts mixed in. */
function generateText(chars: number): string {
  const next = random(42);
  const parts: string[] = [];
  let size = 0;
  while (size < chars) {
    const r = next();
    let part: string;
    if (r < 0.04) part = `\n\n## ${sentence(next).slice(0, 24)}\n`;
    else if (r < 0.1) part = `\n${1 + Math.floor(next() * 9)}. ${sentence(next)}`;
    else if (r < 0.14) part = `\n- ${sentence(next)}`;
    else if (r < 0.18) part = pick(next, CJK);
    else if (r < 0.2) part = pick(next, OTHER);
    else if (r < 0.25) part = '\n\n' + sentence(next) + ' ';
    else part = sentence(next) + ' ';
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** Cuts text into deltas of 4 to 20 characters, as a chat completion streams them. */
function splitDeltas(text: string): string[] {
  const next = random(7);
  const deltas: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 4 + Math.floor(next() * 17);
    deltas.push(text.slice(i, i + size));
    i += size;
  }
  return deltas;
}

function runOnce(deltas: readonly string[]): { seconds: number; chars: number } {
  const started = performance.now();
  const chunker = new SentenceChunker();
  let chars = 0;
  for (const delta of deltas) for (const chunk of chunker.push(delta)) chars += chunk.length;
  for (const chunk of chunker.flush()) chars += chunk.length;
  return { seconds: (performance.now() - started) / 1000, chars };
}

/** Median of RUNS timed passes over ~8 MB of text; MB are 10^6 bytes of UTF-8. */
export async function benchChunker(): Promise<{
  name: 'chunker';
  bytes: number;
  seconds: number;
  mbPerSecond: number;
  runs: number[];
}> {
  const text = generateText(TARGET_CHARS);
  const deltas = splitDeltas(text);
  const bytes = Buffer.byteLength(text, 'utf8');
  runOnce(deltas.slice(0, 20_000)); // warm up the JIT
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const { seconds, chars } = runOnce(deltas);
    if (chars !== text.length) throw new Error('chunker lost or duplicated text');
    runs.push(seconds);
  }
  const seconds = [...runs].sort((a, b) => a - b)[Math.floor(RUNS / 2)] as number;
  return { name: 'chunker', bytes, seconds, mbPerSecond: bytes / 1e6 / seconds, runs };
}
