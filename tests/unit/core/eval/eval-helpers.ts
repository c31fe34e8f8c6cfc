import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../src/cli/run';
import type { EvalReport } from '../../../../src/core/eval/report';
import type { FakeOpenAI } from '../../../fakes/openai';

export const EVALS_DIR = join(__dirname, '../../../../evals');

/** `lumen eval …` against the fake server, with a data folder of its own; the report it wrote, read back. */
export async function runEvalCommand(fake: FakeOpenAI, args: string[]) {
  const out = await mkdtemp(join(tmpdir(), 'lumen-eval-report-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-eval-data-'));
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await runCli(['eval', '--endpoint', fake.baseURL, '--out', out, ...args], {
    out: (line) => lines.push(line),
    write: (text) => lines.push(text),
    err: (line) => errors.push(line),
    env: { OPENAI_API_KEY: fake.apiKey, LUMEN_DATA_DIR: dataDir },
    nodeVersion: process.versions.node
  });
  const read = (ext: string) => readFile(join(out, `eval-report.${ext}`), 'utf8').catch(() => '');
  const json = await read('json');
  return {
    code,
    out: lines.join('\n'),
    err: errors.join('\n'),
    report: (json ? JSON.parse(json) : undefined) as EvalReport,
    markdown: await read('md')
  };
}

export const sign = (id: string, fact: string) => ({
  id,
  draft: false,
  input: { picture: null, pictureFile: 'red-sign.png', mode: 'scene', question: null },
  expected: { requiredFacts: [[fact]], maxCostUsd: 0.01 }
});

/** A set of its own in a fresh evals folder: the smoke set's red sign, asked about as `cases` say. */
export async function setWith(cases: object[], baseline?: object) {
  const evals = await mkdtemp(join(tmpdir(), 'lumen-evals-'));
  const dir = join(evals, 'signs');
  await mkdir(dir);
  await copyFile(join(EVALS_DIR, 'smoke', 'red-sign.png'), join(dir, 'red-sign.png'));
  await writeFile(join(dir, 'cases.json'), JSON.stringify({ format: 'lumen-eval-cases', version: 1, cases }));
  if (baseline) await writeFile(join(dir, 'baseline.json'), JSON.stringify(baseline));
  return { evals, dir };
}
