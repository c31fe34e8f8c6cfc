import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { clipTime } from '../../../src/cli/watch-video';
import { CLIP_CHANGES, liveClipFile } from '../../clips/live-clip';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';

let fake: FakeOpenAI;
let dir: string;
let clip: string;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = await mkdtemp(join(tmpdir(), 'lumen-watch-video-'));
  await writeFile(join(dir, 'notes.y4m'), 'Shopping: milk, eggs.\n');
  clip = liveClipFile();
}, 120_000);
afterAll(() => fake.close());

async function watch(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['watch', ...argv], {
    out: (l) => out.push(l),
    write: (t) => out.push(t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dir, OPENAI_BASE_URL: fake.baseURL, ...env },
    nodeVersion: 'v22.23.3'
  });
  return { code, out, err: err.join('\n') };
}

const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
/** "00:08.5 changed" → 8500 */
const msOf = (line: string) => {
  const [, minutes, seconds] = /^(\d\d):(\d\d\.\d) /.exec(line)!;
  return Number(minutes) * 60_000 + Math.round(Number(seconds) * 1000);
};

describe('lumen watch --video', { timeout: 120_000 }, () => {
  it('prints times as minutes, seconds and tenths', () => {
    expect([0, 8500, 61_240, 599_960].map(clipTime)).toEqual(['00:00.0', '00:08.5', '01:01.2', '10:00.0']);
  });

  it('finds each of the clip’s five changes once, soon after it settles, and nothing for noise or light; no key, nothing sent', async () => {
    const before = fake.requests.length;
    const result = await watch(['--video', clip, '--fps', '4']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.out[0]).toBe('00:00.0 first view');
    const changed = result.out.filter((l) => l.endsWith(' changed')).map(msOf);
    expect(changed).toHaveLength(CLIP_CHANGES.length);
    // Half a second of stillness, then the next frame looked at (a quarter of a second apart).
    changed.forEach((ms, i) => {
      expect(ms).toBeGreaterThan(CLIP_CHANGES[i]!.at * 1000);
      expect(ms).toBeLessThanOrEqual(CLIP_CHANGES[i]!.at * 1000 + 750);
    });
    expect(result.out.at(-1)).toBe('Looked at 240 frames over 01:00.0 (4 a second); 5 changes found; nothing sent.');
    expect(result.out).toHaveLength(1 + 5 + 1);
    expect(fake.requests.length).toBe(before);
  });

  it('--describe: one remark per change, naming what appeared, and what it cost, at the live setting’s pace', async () => {
    const before = chats();
    const result = await watch(['--video', clip, '--describe'], { OPENAI_API_KEY: fake.apiKey });
    expect(result.code).toBe(EXIT.ok);
    const decisions = result.out.filter((l) => / (first view|changed)$/.test(l));
    const remarks = result.out.filter((l) => /^\d\d:\d\d\.\d A \d+×\d+ image/.test(l));
    expect(decisions).toHaveLength(6);
    expect(remarks).toHaveLength(6);
    expect(remarks[0]).toMatch(/mostly grey\b/);
    CLIP_CHANGES.forEach((change, i) => {
      // Each remark follows its own change's decision, and names the colour of what came into view.
      expect(result.out.indexOf(remarks[i + 1]!)).toBe(result.out.indexOf(decisions[i + 1]!) + 1);
      expect(msOf(remarks[i + 1]!)).toBeGreaterThanOrEqual(msOf(decisions[i + 1]!));
      expect(remarks[i + 1]).toContain(change.colour);
    });
    expect(chats() - before).toBe(6);
    // Two frames a second (the setting's default): 120 looked at, 6 sent.
    expect(result.out.at(-1)).toMatch(
      /^Looked at 120 frames over 01:00\.0 \(2 a second\); 5 changes found; 6 pictures sent \(95\.0% of frames not sent\); cost \$0\.\d{4}, \$0\.\d{4} a minute of video\.$/
    );
    expect(result.err).toMatch(/Live description on\./);
    expect(result.err).toMatch(/Live description off; the camera is no longer in use\. 6 pictures sent/);
  });

  it('says plainly what is wrong with the file or the command', async () => {
    expect(await watch(['--video', join(dir, 'notes.y4m')])).toMatchObject({
      code: EXIT.failed,
      err: 'This is not a Y4M video: it does not start with YUV4MPEG2.'
    });
    expect(await watch(['--video', join(dir, 'missing.y4m')])).toMatchObject({
      code: EXIT.failed,
      err: expect.stringMatching(/^Lumen cannot find .*missing\.y4m\.$/)
    });
    expect((await watch(['--video', clip, '--fps', '0'])).err).toMatch(/^--fps must be a number/);
    expect(await watch(['--video', clip, '--fps', '25'])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringMatching(/^--fps can be at most the video's own 10 frames a second\./)
    });
    expect(await watch([])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringMatching(/needs --frames DIR or --video FILE\.y4m/)
    });
    // Describing needs a key; finding changes does not.
    const noKey = await watch(['--video', clip, '--describe']);
    expect(noKey.code).toBe(EXIT.failed);
    expect(noKey.err).toMatch(/key/i);
  });
});
