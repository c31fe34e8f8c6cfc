import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { BEFORE_SHUTDOWNS } from '../../fakes/openai/test-helpers';

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI({ today: BEFORE_SHUTDOWNS });
});
afterEach(() => fake.close());

/** The day `days` from now, as the service writes dates (the command line's "today" is the real one). */
const daysFromNow = (days: number) => {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

async function run(argv: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    write: (t) => out.push(t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dataDir, OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, ...env },
    nodeVersion: 'v22.23.3'
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function dataDirWith(models: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-models-'));
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: 2, models }));
  return dir;
}

describe('lumen models', () => {
  it('lists each job, the model in use, shutdown dates and what the service offers', async () => {
    const result = await run(['models'], await dataDirWith({ describe: 'gpt-4o' }));
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toContain(
      'describing and questions: gpt-4o (your choice; shuts down on 14 January 2027, then gpt-6.1-terra)'
    );
    expect(result.out).toContain('the conversation: gpt-realtime-2.1-mini (chosen by Lumen)');
    expect(result.out).toMatch(/offered: gpt-realtime-2\.1-mini \(about 1\.5 cents a minute of talk\)/);
    expect(result.out).toContain('Models from the service’s list, fetched just now.');
    const json = JSON.parse((await run(['models', '--json'], await dataDirWith({}))).out);
    expect(json.roles.map((r: { role: string }) => r.role)).toEqual([
      'describe',
      'quick',
      'conversation',
      'speech',
      'captions'
    ]);
  });

  it('without a key, or when the service fails, lists Lumen’s own models and says so', async () => {
    const dir = await dataDirWith({});
    const none = await run(['models'], dir, { OPENAI_API_KEY: '' });
    expect(none.code).toBe(EXIT.ok);
    expect(none.err).toContain('No API key is set');
    expect(none.out).toContain('describing and questions: gpt-6.1-terra (chosen by Lumen)');
    fake.inject('models', { kind: 'status', status: 500 });
    const failing = await run(['models'], dir);
    expect(failing.out).toContain('Models from Lumen’s own list');
  });

  it('doctor warns, without failing, about a chosen model 20 days before its shutdown', async () => {
    fake.setShutdownDate('gpt-4o', daysFromNow(20));
    const dir = await dataDirWith({ describe: 'gpt-4o' });
    const result = await run(['doctor'], dir);
    expect(result.out).toMatch(
      /WARNING: Models: gpt-4o, your choice for describing and questions, shuts down on \d+ \w+ \d{4}\. Lumen will then use gpt-6\.1-terra; you can switch now\./
    );
    expect(result.code).toBe(EXIT.ok);
    const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
    expect(settings.models.describe).toBe('gpt-4o');
  });
});
