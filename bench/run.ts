// `npm run bench [name…]`: runs the benchmarks (all by default), writes bench/results/<name>.json
// and rebuilds docs/PERFORMANCE.md.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { benchChunker } from './chunker';
import { benchDescribe } from './describe';
import { benchDocument } from './document';
import { benchFirstPress } from './first-press';
import { benchGuide } from './guide';
import { benchImaging } from './imaging';
import { benchOcr } from './ocr';
import { benchIpc } from './ipc-roundtrip';
import { benchLive } from './live';
import { benchSoak } from './soak';
import { benchSpeech } from './speech';
import { benchConversation } from './conversation';
import { benchWatch } from './watch';
import { record, writePerformanceDoc } from './report';

const BENCHES: Record<string, () => Promise<{ name: string }>> = {
  'ipc-roundtrip': benchIpc,
  chunker: benchChunker,
  speech: benchSpeech,
  imaging: benchImaging,
  describe: benchDescribe,
  'first-press': benchFirstPress,
  ocr: benchOcr,
  conversation: benchConversation,
  soak: benchSoak,
  watch: benchWatch,
  document: benchDocument,
  guide: benchGuide,
  live: benchLive
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHES[w]);
if (unknown.length) {
  process.stderr.write(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}\n`);
  process.exit(2);
}
execFileSync(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'build.mjs'), '--if-needed'], {
  stdio: 'inherit'
});
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  process.stdout.write(`Running ${name}…\n`);
  const entry = record(await BENCHES[name]!());
  process.stdout.write(`${JSON.stringify(entry.result, null, 2)}\n`);
}
writePerformanceDoc();
process.stdout.write('Wrote bench/results and docs/PERFORMANCE.md.\n');
