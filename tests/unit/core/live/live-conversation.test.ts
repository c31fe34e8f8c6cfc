import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodedFrame, LiveCamera, type LiveCameraDeps } from '../../../../src/core/live/live-camera';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';
import type { LiveStatus } from '../../../../src/shared/contract';
import { IN_CONVERSATION } from '../../../../src/core/live/live-prompts';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { clockedCore } from '../../helpers';
import { until } from '../conversation/helpers';
import { cameraJpeg, view, world } from './scenes';

/*
 * Live description inside the spoken conversation: the model starts, stops and reports it with its
 * `live_description` tool, and while a conversation is open the changed pictures join it (so the
 * user can ask about them and talk over the answer) instead of going to the describe model.
 */

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

const chats = () => fake.requests.filter((r) => r.path === '/v1/chat/completions').length;
const sent = () => fake.realtimeEvents.map((r) => r.event as any);
const toolOutputs = () =>
  sent()
    .filter((e) => e.type === 'conversation.item.create' && e.item.type === 'function_call_output')
    .map((e) => String(e.item.output));

async function talkingCore() {
  const { core, clock, said } = await clockedCore({ env: { OPENAI_BASE_URL: fake.baseURL } });
  const statuses: LiveStatus[] = [];
  let state = '';
  let answered = 0;
  core.subscribe((channel, payload: any) => {
    if (channel === 'live.state') statuses.push(payload as LiveStatus);
    if (channel === 'conversation.state') state = payload.state;
    if (channel === 'conversation.caption' && payload.role === 'assistant' && payload.final) answered++;
  });
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  await core.router.invoke('settings.update', { privacy: { shield: 'off' }, speech: { earcons: false } });
  const frame = async (jpeg: Uint8Array, at: number) => {
    clock.now = at;
    const result = await core.router.invoke('live.frame', { image: jpeg });
    if (!result.ok) throw new Error(result.error.message);
    return (result.value as { result: string }).result;
  };
  /**
   * The user's words; the model calls the tool on its answer, then answers from the tool's output.
   * Resolves with that output once the model has answered and the conversation listens again.
   */
  const ask = async (words: string, action: string) => {
    const outputs = toolOutputs().length;
    const answers = answered;
    fake.requestFunctionCall('live_description', { action });
    await core.router.invoke('conversation.say', { text: words });
    await until(() => toolOutputs().length > outputs, 10_000, `the ${action} tool's output`);
    await until(() => answered > answers && state === 'listening', 10_000, `the answer to ${action}`);
    return toolOutputs().at(-1)!;
  };
  return { core, said, statuses, frame, ask, state: () => state, answered: () => answered };
}

const room = await cameraJpeg(view(world(1)));

describe('live description in the conversation', () => {
  it('offers the model the live_description tool beside look, and says when to use it', async () => {
    const live = await talkingCore();
    expect(await live.core.router.invoke('conversation.start', {})).toMatchObject({ ok: true });
    await until(() => sent().some((e) => e.type === 'session.update'), 10_000, 'the session');
    const update = sent().findLast((e) => e.type === 'session.update')!;
    expect(update.session.tools.map((t: { name: string }) => t.name)).toEqual(['look', 'live_description']);
    expect(update.session.instructions).toContain('keep describing');
    await live.core.close();
  });

  it('"keep describing" starts it, pictures join the conversation, "how much has it cost?" is answered, and it stops by voice', async () => {
    const live = await talkingCore();
    await live.core.router.invoke('conversation.start', {});

    const started = await live.ask('Keep describing what is in front of me.', 'start');
    expect(started).toMatch(/^Live description on\. The camera is in use/);
    expect(live.statuses.at(-1)).toMatchObject({ running: true });
    // The model says it; Lumen's own voice does not say it a second time.
    expect(live.said.join(' ')).not.toContain('Live description on');

    // The conversation listens again: the first view joins it.
    const chatsBefore = chats();
    const answers = live.answered();
    expect(await live.frame(room, 0)).toBe('first');
    const isPicture = (e: any) =>
      e.type === 'conversation.item.create' && e.item.content?.some((c: any) => c.type === 'input_image');
    await until(() => sent().some(isPicture) && sent().at(-1).type === 'response.create', 10_000, 'the picture');
    const picture = sent().find(isPicture);
    expect(picture.item.content).toEqual([
      { type: 'input_text', text: IN_CONVERSATION },
      { type: 'input_image', image_url: expect.stringMatching(/^data:image\/jpeg;base64,/) }
    ]);
    expect(chats()).toBe(chatsBefore);
    expect(live.statuses.at(-1)).toMatchObject({ running: true, pictures: 1 });
    await until(() => live.answered() > answers && live.state() === 'listening', 10_000, 'the answer to the picture');

    const cost = await live.ask('How much has live cost?', 'status');
    expect(cost).toMatch(/^Live description is on\. In less than a minute: 1 picture sent of \d+ looked at, /);

    const stopped = await live.ask('Stop describing.', 'stop');
    expect(stopped).toMatch(/^Live description off; the camera is no longer in use\. 1 picture sent of \d+ looked at/);
    expect(live.statuses.at(-1)).toMatchObject({ running: false });
    await live.core.close();
  });

  it('holds a change back while the user or the model speaks, and sends it once the conversation listens', async () => {
    const shown: string[] = [];
    const conversation = {
      open: true,
      listening: false,
      show: async (_jpeg: Uint8Array, note: string) => void shown.push(note)
    };
    const unused = () => {
      throw new Error('not used while a conversation is open');
    };
    const deps = {
      settings: () => DEFAULT_SETTINGS.live,
      refusal: async () => undefined,
      picture: async (image: Uint8Array) => ({ sent: true, jpeg: image, detail: 'low' }),
      remark: unused,
      say: () => {},
      onStatus: () => {},
      conversation,
      now: () => 0
    } as unknown as LiveCameraDeps;
    const camera = new LiveCamera({ ...deps, endpoint: unused, key: unused });
    await camera.start();
    expect(await camera.frame(encodedFrame(room))).toBe('busy');
    expect(shown).toEqual([]);
    conversation.listening = true;
    expect(await camera.frame(encodedFrame(room))).toBe('first');
    expect(shown).toEqual([IN_CONVERSATION]);
    expect(camera.status()).toMatchObject({ frames: 2, pictures: 1 });
  });
});
