import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../../../src/shared/contract';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { clockedCore, memoryCore } from '../../helpers';
import { prepareImage } from '../../../../src/core/imaging/prepare';
import { cameraJpeg, noisy, view, withObject, world } from './scenes';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions');
const promptOf = (request: { body: unknown }) => {
  const { messages } = request.body as { messages: Array<{ content: unknown }> };
  const content = messages.at(-1)!.content as Array<{ type: string; text?: string }>;
  return content.find((p) => p.type === 'text')!.text!;
};

/** A core with a clock the test moves, a key for the fake service, and live's states as they come. */
async function liveCore(settings: Record<string, number> = {}) {
  const { core, clock, said, saying } = await clockedCore({ env: { OPENAI_BASE_URL: fake.baseURL } });
  const statuses: LiveStatus[] = [];
  core.subscribe((channel, payload) => channel === 'live.state' && statuses.push(payload as LiveStatus));
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  // The shield reads every picture offline; these tests are about when pictures go, not what is hidden.
  await core.router.invoke('settings.update', { live: settings, privacy: { shield: 'off' } });
  const transcript = () => said.join(' ');
  const frame = async (jpeg: Uint8Array, at: number) => {
    clock.now = at;
    const result = await core.router.invoke('live.frame', { image: jpeg });
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { result: string }).result;
  };
  return { core, transcript, saying, statuses, frame };
}

const room = world(1);
const scene = view(room);
const [still, other] = await Promise.all([cameraJpeg(scene), cameraJpeg(view(world(9)))]);
const drift = await Promise.all([1, 2, 3, 4].map((s) => cameraJpeg(noisy(scene, s, 4))));

describe('live description of the camera', () => {
  it('describes the first scene, stays quiet through noise, and says what is new once a change has settled', async () => {
    const live = await liveCore();
    expect(await live.core.router.invoke('live.start', {})).toMatchObject({ ok: true, value: { running: true } });
    await live.saying(/Live description on\. The camera is in use/);
    const before = chats().length;

    expect(await live.frame(still, 0)).toBe('first');
    const first = await live.saying(/A 384×288 image[^.]*\./);
    expect(promptOf(chats().at(-1)!)).toBe('Say in one short sentence what is in front of me.');

    const quiet = [];
    for (const [i, jpeg] of drift.entries()) quiet.push(await live.frame(jpeg, 250 * (i + 1)));
    expect(quiet).toEqual(['same', 'same', 'same', 'same']);
    expect(chats().length - before).toBe(1);

    expect(await live.frame(other, 1250)).toBe('settling');
    expect(await live.frame(other, 1500)).toBe('settling');
    expect(await live.frame(other, 1750)).toBe('changed');
    expect(chats().length - before).toBe(2);
    expect(promptOf(chats().at(-1)!)).toContain(`A moment ago you said: "${first}"`);

    const status = live.statuses.at(-1)!;
    expect(status).toMatchObject({ running: true, frames: 8, pictures: 2 });
    expect(status.costUsd).toBeGreaterThan(0);
    await live.core.close();
  });

  it('prepares the changed view while it settles: the first frame of a new view is the one sent, never a pan’s passing view', async () => {
    /** The picture the fake received last, as base64 JPEG. */
    const lastPicture = () => {
      const { messages } = chats().at(-1)!.body as { messages: Array<{ content: unknown }> };
      const content = messages.at(-1)!.content as Array<{ type: string; image_url?: { url: string } }>;
      return content.find((p) => p.type === 'image_url')!.image_url!.url.replace(/^data:image\/jpeg;base64,/, '');
    };
    const prepared = async (jpeg: Uint8Array) => (await prepareImage(jpeg, { detail: 'low' })).jpeg.toString('base64');

    const live = await liveCore();
    await live.core.router.invoke('live.start', {});
    expect(await live.frame(still, 0)).toBe('first');
    // A cup put down: the same view in three frames that differ only by noise.
    const cup = await Promise.all([1, 2, 3].map((s) => cameraJpeg(noisy(withObject(scene, 37, 21, 14), s, 4))));
    expect([await live.frame(cup[0]!, 250), await live.frame(cup[1]!, 500), await live.frame(cup[2]!, 750)]).toEqual([
      'settling',
      'settling',
      'changed'
    ]);
    expect(lastPicture()).toBe(await prepared(cup[0]!));

    // The view pans and stops: whichever frame of the resting view is sent, no passing one is.
    const panning = await Promise.all([8, 16, 24, 32].map((left) => cameraJpeg(view(room, left))));
    const resting = await Promise.all([1, 2, 3].map((s) => cameraJpeg(noisy(view(room, 40), s, 4))));
    const kinds = [];
    let at = 1000;
    for (const jpeg of [...panning, ...resting]) kinds.push(await live.frame(jpeg, (at += 250)));
    expect(kinds).toEqual([...panning.map(() => 'settling'), 'settling', 'settling', 'changed']);
    expect(await Promise.all(resting.map(prepared))).toContain(lastPicture());
    await live.core.close();
  });

  it('an answer that nothing important changed is not spoken', async () => {
    const live = await liveCore();
    await live.core.router.invoke('live.start', {});
    await live.frame(still, 0);
    await live.saying(/A 384×288 image[^.]*\./);
    fake.setReply('NOTHING.');
    try {
      for (const at of [250, 500, 750]) await live.frame(other, at);
      expect(live.statuses.at(-1)).toMatchObject({ pictures: 2 });
      // Stopping says its sentence after anything queued: nothing else was said in between.
      await live.core.router.invoke('live.stop', {});
      await live.saying(/Live description off/);
      expect(live.transcript()).toMatch(/brightness\. Live description off/);
    } finally {
      fake.setReply(null);
    }
    await live.core.close();
  });

  it('stops itself after the quiet time, saying what it sent and what that cost', async () => {
    const live = await liveCore({ quietMinutes: 1 });
    await live.core.router.invoke('live.start', {});
    await live.frame(still, 0);
    expect(await live.frame(drift[0]!, 30_000)).toBe('same');
    await live.frame(drift[1]!, 60_000);
    const said = await live.saying(
      /Nothing changed for 1 minute\..*cent\.|Nothing changed for 1 minute\..*\$\d\.\d\d\./
    );
    expect(said).toMatch(
      /Live description off; the camera is no longer in use\. 1 picture sent of 2 looked at, (less than a cent|\$\d\.\d\d)\.$/
    );
    expect(live.statuses.at(-1)).toMatchObject({ running: false });
    const after = await live.core.router.invoke('live.frame', { image: still });
    expect(after).toMatchObject({ ok: false, error: { message: 'Live description is not on.' } });
    await live.core.close();
  });

  it('says once that a feed sending the very same pixels for 10 s may have stopped, and carries on when it moves', async () => {
    const live = await liveCore();
    await live.core.router.invoke('live.start', {});
    expect(await live.frame(still, 0)).toBe('first');
    const results = [];
    for (let at = 500; at <= 11_000; at += 500) results.push(await live.frame(still, at));
    // Twenty identical frames and 10 s: the feed has stopped, said once.
    expect(results).toEqual([...Array(19).fill('same'), 'unusable', 'unusable', 'unusable']);
    await live.saying(/the camera may have stopped\./);
    expect(live.transcript().match(/the camera may have stopped/g)).toHaveLength(1);
    // Sensor noise again: the camera works.
    expect(await live.frame(drift[0]!, 11_500)).toBe('same');
    await live.core.close();
  });

  it('stops when the screen is locked or the computer goes to sleep, saying why', async () => {
    for (const [why, sentence] of [
      ['lock-screen', 'The screen is locked.'],
      ['suspend', 'The computer is going to sleep.']
    ] as const) {
      const live = await liveCore();
      await live.core.router.invoke('live.start', {});
      await live.frame(still, 0);
      live.core.away(why);
      expect(live.statuses.at(-1)).toMatchObject({ running: false });
      await live.saying(
        new RegExp(`${sentence.replace('.', '\\.')} Live description off; the camera is no longer in use\\.`)
      );
      await live.core.close();
    }
  });

  it('when the service fails it pauses with one sentence, sends nothing while paused, and carries on after', async () => {
    const live = await liveCore();
    await live.core.router.invoke('live.start', {});
    const before = chats().length;
    // The request, the client's two retries, and the smaller model with its two.
    fake.inject('chat', { kind: 'status', status: 500 }, 6);
    expect(await live.frame(still, 0)).toBe('first');
    await live.saying(/Live description pauses and tries again\./);
    const failed = chats().length;
    expect(await live.frame(drift[0]!, 250)).toBe('paused');
    expect(await live.frame(other, 5_000)).toBe('paused');
    expect(chats().length).toBe(failed);

    expect(await live.frame(still, 10_000)).toBe('first');
    await live.saying(/The service answers again; live description carries on\./);
    await live.saying(/A 384×288 image[^.]*\./);
    expect(live.transcript().match(/pauses/g)).toHaveLength(1);
    expect(chats().length - before).toBeGreaterThan(failed - before);
    await live.core.close();
  });

  it('will not start without a key, and says why', async () => {
    const core = await memoryCore({ host: 'cli', env: { OPENAI_BASE_URL: fake.baseURL } });
    const result = await core.router.invoke('live.start', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringMatching(/key/i) } });
    await core.close();
  });
});
