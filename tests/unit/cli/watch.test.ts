import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { clockTime } from '../../../src/cli/watch';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { dialogPng, DOWNLOAD_STEPS } from '../../progress-dialog';

let dir: string;
let frames: string;
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = await mkdtemp(join(tmpdir(), 'lumen-watch-'));
  frames = join(dir, 'frames');
  await mkdir(frames);
  await mkdir(join(dir, 'empty'));
  // Ten frames, two of each step and four of the last: frame10 must come after frame9, not after frame1.
  const steps = await Promise.all(DOWNLOAD_STEPS.map((state) => dialogPng(state)));
  const order = [0, 0, 1, 1, 2, 2, 3, 3, 3, 3];
  await Promise.all(order.map((step, i) => writeFile(join(frames, `frame${i + 1}.png`), steps[step]!)));
  await writeFile(join(frames, 'notes.txt'), 'not a frame');
});
afterAll(() => fake.close());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    write: (t) => out.push(t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dir, ...env },
    nodeVersion: 'v22.23.3'
  });
  return { code, out, err: err.join('\n') };
}

describe('lumen watch', { timeout: 60_000 }, () => {
  it('prints each change of a folder of frames with its time and its new text, read offline', async () => {
    const result = await run(['watch', '--frames', frames]);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toEqual([
      '00:01.5 New text: Half of the file received.',
      '00:02.5 New text: Checking the file.',
      '00:03.5 New text: Download complete. Saved in your Downloads folder.'
    ]);
    expect(result.err).toMatch(/^Watching Region 1\..*Stopped watching Region 1\.$/s);
  });

  it('takes the frames as that many a second with --fps: steps shown for half a second never settle', async () => {
    const result = await run(['watch', '--frames', frames, '--fps', '4']);
    expect(result.out).toEqual(['00:02.0 New text: Download complete. Saved in your Downloads folder.']);
  });

  it('describes each change with --describe, through the same watch', async () => {
    const before = fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
    const result = await run(['watch', '--frames', frames, '--describe'], {
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseURL
    });
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toHaveLength(6);
    expect(result.out[1]).toMatch(/^00:01\.5 A \d+×\d+ image/);
    expect(fake.requests.filter((r) => r.path === '/v1/chat/completions').length - before).toBe(3);
  });

  it('--describe without a key still watches, offline, and says why', async () => {
    const result = await run(['watch', '--frames', frames, '--describe']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out).toHaveLength(3);
    expect(result.err).toMatch(/Changes are read offline, not described\./);
  });

  it('says what is wrong with the command line or the folder', async () => {
    expect(await run(['watch'])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('needs --frames DIR')
    });
    expect(await run(['watch', '--frames', frames, '--fps', '0'])).toMatchObject({ code: EXIT.usage });
    expect(await run(['watch', '--frames', join(dir, 'nowhere')])).toMatchObject({
      code: EXIT.failed,
      err: `Lumen cannot find ${join(dir, 'nowhere')}.`
    });
    expect(await run(['watch', '--frames', join(dir, 'empty')])).toMatchObject({
      code: EXIT.failed,
      err: `${join(dir, 'empty')} has no PNG or JPEG frames.`
    });
  });

  it('writes times as minutes, seconds and tenths', () => {
    expect(clockTime(0)).toBe('00:00.0');
    expect(clockTime(3500)).toBe('00:03.5');
    expect(clockTime(61_250)).toBe('01:01.3');
    expect(clockTime(59_960)).toBe('01:00.0');
  });
});
