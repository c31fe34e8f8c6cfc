// `npm run eval -- [lumen eval options] [--fake]`: runs `lumen eval` from the sources. With --fake the
// sets run against the fake OpenAI server (tests/fakes/openai), started here and closed at the end,
// with its key and a data folder of their own, so nothing of the user's is read or spent.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../src/cli/run';
import { startFakeOpenAI } from '../tests/fakes/openai';

const args = process.argv.slice(2);
const fake = args.includes('--fake') ? await startFakeOpenAI() : undefined;
const dataDir = fake ? await mkdtemp(join(tmpdir(), 'lumen-eval-')) : undefined;
const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(`${line}\n`),
  env: fake ? { ...process.env, OPENAI_API_KEY: fake.apiKey, LUMEN_DATA_DIR: dataDir } : process.env,
  nodeVersion: process.versions.node
};
const endpoint = fake ? ['--endpoint', fake.baseURL] : [];
try {
  process.exitCode = await runCli(['eval', ...args.filter((a) => a !== '--fake'), ...endpoint], io);
} finally {
  await fake?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
