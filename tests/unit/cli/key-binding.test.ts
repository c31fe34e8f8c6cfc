import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { FileKeyVault } from '../../../src/core/storage/file-key-vault';
import { SETTINGS_VERSION } from '../../../src/shared/settings';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { privateScreenPng } from '../../private-screen';
import { startKeyProbe, type KeyProbe } from '../../key-probe';

let fake: FakeOpenAI;
let probe: KeyProbe;
beforeAll(async () => {
  [fake, probe] = await Promise.all([startFakeOpenAI(), startKeyProbe()]);
});
afterAll(() => Promise.all([fake.close(), probe.close()]));

/** A data directory whose settings name the probe as the endpoint, and whose key (if any) was saved for the fake. */
async function movedToProbe(savedKey: boolean) {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-cli-key-'));
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ version: SETTINGS_VERSION, endpoint: probe.baseURL }));
  if (savedKey) {
    await FileKeyVault.inDir(dir).save(JSON.stringify({ key: fake.apiKey, origin: new URL(fake.baseURL).origin }));
  }
  return dir;
}

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  let out = '';
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => (out += `${l}\n`),
    write: (t) => (out += t),
    err: (l) => err.push(l),
    env,
    nodeVersion: 'v22.23.3'
  });
  return { code, out, err: err.join('\n') };
}

describe('the command line sends a key only where it is bound', () => {
  for (const [situation, savedKey, why] of [
    [
      'a key saved for another endpoint',
      true,
      (fakePort: string) =>
        `The saved key was entered for 127.0.0.1 port ${fakePort}, so it is not sent to 127.0.0.1 port ${probe.port}.`
    ],
    [
      'OPENAI_API_KEY, with the endpoint in settings not the one OPENAI_BASE_URL names',
      false,
      (fakePort: string) =>
        `The key in OPENAI_API_KEY is sent only to api.openai.com and 127.0.0.1 port ${fakePort} (OPENAI_BASE_URL), so it is not sent to 127.0.0.1 port ${probe.port}.`
    ]
  ] as const) {
    it(`${situation}: describe, converse, speak, models and doctor send it nowhere, and say why`, async () => {
      const dir = await movedToProbe(savedKey);
      const env = {
        LUMEN_DATA_DIR: dir,
        OPENAI_BASE_URL: fake.baseURL,
        ...(savedKey ? {} : { OPENAI_API_KEY: fake.apiKey })
      };
      const sentence = why(new URL(fake.baseURL).port);
      const image = join(dir, 'screen.png');
      await writeFile(image, await privateScreenPng(['welcome']));
      const before = probe.requests.length;

      const described = await run(['describe', '--image', image], env);
      expect(described).toMatchObject({ code: EXIT.failed, err: expect.stringContaining(sentence) });
      const conversed = await run(['converse', '--text', 'Hello?'], env);
      expect(conversed).toMatchObject({ code: EXIT.failed, err: expect.stringContaining(sentence) });
      const spoken = await run(['speak', '--provider', 'openai', '--out', join(dir, 'said.wav'), 'Hello.'], env);
      expect(spoken).toMatchObject({ code: EXIT.ok, err: expect.stringContaining('using the offline voice instead') });
      expect(spoken.err).toContain(sentence.replace(/\.$/, ''));
      const models = await run(['models'], env);
      expect(models.err).toContain(sentence);
      const doctor = await run(['doctor'], env);
      expect(doctor).toMatchObject({
        code: EXIT.failed,
        out: expect.stringContaining(`PROBLEM: API key: ${sentence}`)
      });

      expect(probe.requests.slice(before).filter((r) => r.headers.authorization)).toEqual([]);
      expect(probe.heard(fake.apiKey)).toBe(false);
    });
  }
});
