// `npm test`: unit tests (vitest), the evaluation's smoke set, browser tests (Playwright + Chromium
// against the web host), and the Electron tests (which say plainly when no Electron binary exists).
// Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = join(root, 'test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });
const bin = (name) => join(root, 'node_modules', '.bin', name);

function run(label, command, args) {
  process.stdout.write(`\n== ${label} ==\n`);
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  return status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(join(results, file), 'utf8'));
  } catch {
    return undefined;
  }
}

const unitOk = run('Unit tests (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile=${join(results, 'unit.json')}`
]);
// The evaluation's smoke set against the fake server: the scoring must pass what the fake gets
// right and catch each fault built into the set.
const evalOk = run('Evaluation smoke set (fake OpenAI server)', bin('tsx'), [
  'evals/eval.ts',
  '--fake',
  '--set',
  'smoke',
  '--out',
  join(results, 'eval')
]);
const e2eOk = run('Browser tests (Playwright, Chromium, web host)', bin('playwright'), [
  'test',
  '-c',
  'tests/e2e/playwright.config.ts'
]);
const electronOk = run('Electron tests (Playwright _electron)', bin('playwright'), [
  'test',
  '-c',
  'tests/electron/playwright.config.ts'
]);

const unit = readJson('unit.json');
const counts = { passed: 0, failed: 0, skipped: 0 };
if (unit) {
  counts.passed += unit.numPassedTests;
  counts.failed += unit.numFailedTests;
  counts.skipped += unit.numPendingTests + (unit.numTodoTests ?? 0);
}
for (const file of ['e2e.json', 'electron.json']) {
  const stats = readJson(file)?.stats;
  if (!stats) continue;
  counts.passed += stats.expected + stats.flaky;
  counts.failed += stats.unexpected;
  counts.skipped += stats.skipped;
}
const electronSkipped = readJson('electron.json')?.stats?.skipped > 0;
if (electronSkipped && existsSync(join(root, 'node_modules', 'electron'))) {
  process.stdout.write(
    '\nElectron tests were skipped: no Electron binary on this machine (it could not be downloaded).\n'
  );
}
const ok = unitOk && evalOk && e2eOk && electronOk;
if (!ok && counts.failed === 0) counts.failed = 1; // a runner failed before reporting: never claim success
process.stdout.write(`\ntests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
process.exit(ok ? 0 : 1);
