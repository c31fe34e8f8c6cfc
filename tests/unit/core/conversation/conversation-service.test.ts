import { afterAll, describe, expect, it } from 'vitest';
import {
  AudioFrame,
  CONVERSATION_UTTERANCES,
  decodeAudioFrame,
  encodePlayedFrame
} from '../../../../src/shared/audio-frames';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { solidJpeg, weatherPcm } from '../../../fakes/openai/test-helpers';
import { MemoryRecordStore } from '../../../../src/core/ports';
import { memoryCore } from '../../helpers';
import type { UsageTotals } from '../../../../src/core/usage/usage-counter';
import { until } from './helpers';

const fakes: FakeOpenAI[] = [];
afterAll(() => Promise.all(fakes.map((f) => f.close())));

/**
 * A core talking to its own fake service, with the window's side played by the test: a player on
 * the speech.audio stream that counts the reply samples it receives and, when stopped, reports
 * `heardMs` of the current reply as played; and a microphone on the conversation.mic stream.
 */
async function voiceCore(heardMs = 300, timing: Parameters<typeof startFakeOpenAI>[0] = {}) {
  const fake = await startFakeOpenAI(timing);
  fakes.push(fake);
  const records = new MemoryRecordStore();
  const core = await memoryCore({ env: { OPENAI_BASE_URL: fake.baseURL }, records });
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const received = new Map<number, number>();
  const frames: number[] = [];
  let current: number | undefined;
  const speaker = core.router.openStream('speech.audio', {
    send(chunk) {
      const frame = decodeAudioFrame(chunk)!;
      frames.push(frame.type);
      if (frame.type === AudioFrame.pcm) {
        current ??= frame.utterance;
        received.set(frame.utterance, (received.get(frame.utterance) ?? 0) + frame.payload.byteLength / 2);
      }
      if (frame.type === AudioFrame.stop && current !== undefined) {
        const played = Math.min(received.get(current) ?? 0, heardMs * 24);
        if (speaker.ok) speaker.value.onData(encodePlayedFrame(AudioFrame.stopped, current, played));
        current = undefined;
      }
    },
    close() {}
  });
  if (!speaker.ok) throw new Error('no speech stream');
  const mic = core.router.openStream('conversation.mic', { send() {}, close() {} });
  if (!mic.ok) throw new Error('no mic stream');
  const events: Array<{ channel: string; payload: any }> = [];
  core.subscribe((channel, payload) => events.push({ channel, payload }));
  const speak = (pcm: Buffer) => {
    for (let off = 0; off < pcm.byteLength; off += 1920) mic.value.onData(pcm.subarray(off, off + 1920));
  };
  const sent = () =>
    fake.realtimeEvents
      .map((r) => r.event)
      .filter(
        (e) => !String(e.type).startsWith('response.') || e.type === 'response.create' || e.type === 'response.cancel'
      );
  return { fake, core, received, frames, events, speak, sent, records };
}

/** Every socket the fake has seen is closed, and everything sent on it recorded. */
const allClosed = (fake: FakeOpenAI) =>
  new Set(fake.realtimeEvents.map((r) => r.sessionId)).size === fake.realtimeClosed.length;
const realtimeConnections = (fake: FakeOpenAI) => fake.requests.filter((r) => r.path === '/v1/realtime').length;

const replied = (events: Array<{ channel: string; payload: any }>) =>
  events.some((e) => e.channel === 'conversation.caption' && e.payload.role === 'assistant' && e.payload.final);

describe('the voice conversation in core', () => {
  it('a spoken turn: microphone to the service, reply audio to the window’s player, captions as events', async () => {
    const { core, received, frames, events, speak } = await voiceCore();
    const started = await core.router.invoke('conversation.start', {});
    expect(started).toEqual({ ok: true, value: { state: 'listening', mode: 'hands-free', muted: false } });
    speak(weatherPcm(500, 1000).pcm);
    await until(
      () =>
        events.some((e) => e.channel === 'conversation.caption' && e.payload.role === 'assistant' && e.payload.final),
      8000,
      'reply caption'
    );
    const captions = events
      .filter((e) => e.channel === 'conversation.caption' && e.payload.final)
      .map((e) => [e.payload.role, e.payload.text]);
    expect(captions).toEqual([
      ['user', expect.stringMatching(/^\[speech, [23]\.\d seconds\]$/)],
      ['assistant', expect.stringMatching(/^I heard about [23]\.\d seconds of speech\.$/)]
    ]);
    // Reply audio arrived under a voice utterance id, then its end.
    const [utterance] = [...received.keys()];
    expect(utterance).toBeGreaterThanOrEqual(CONVERSATION_UTTERANCES);
    expect(received.get(utterance!)).toBeGreaterThan(24_000);
    await until(() => frames.includes(AudioFrame.end), 5000, 'end of the reply');
    const states = events.filter((e) => e.channel === 'conversation.state').map((e) => e.payload.state);
    expect(states).toEqual(expect.arrayContaining(['listening', 'thinking', 'speaking']));
    // The reply's tokens, by modality, reached the usage counter.
    await until(
      () => events.filter((e) => e.channel === 'conversation.state').at(-1)?.payload.state === 'listening',
      5000,
      'the turn to end'
    );
    const used = (await core.router.invoke('usage.get', {})) as { ok: true; value: UsageTotals };
    expect(used.value.realtime.responses).toBe(1);
    expect(used.value.realtime.input.audio).toBeGreaterThan(0);
    expect(used.value.realtime.output.audio).toBeGreaterThan(0);
    expect((await core.router.invoke('conversation.stop', {})).ok).toBe(true);
  });

  it('barge-in: the player is stopped and the model keeps exactly what the player says was heard', async () => {
    const { fake, core, received, frames, speak, sent } = await voiceCore(300, {
      timing: { realtimeAudioRealtimeFactor: 1 }
    });
    await core.router.invoke('conversation.start', {});
    await core.router.invoke('conversation.say', { text: 'Please give me a long answer.' });
    await until(() => [...received.values()].some((n) => n > 24 * 400), 8000, 'some of the reply');
    fake.setTiming({ realtimeAudioRealtimeFactor: 0 });
    speak(weatherPcm(0, 1000).pcm);
    await until(() => sent().some((e) => e.type === 'conversation.item.truncate'), 8000, 'the truncate');
    expect(frames).toContain(AudioFrame.stop);
    expect(sent().filter((e) => e.type === 'conversation.item.truncate')).toEqual([
      expect.objectContaining({ content_index: 0, audio_end_ms: 300 })
    ]);
    core.router.invoke('conversation.stop', {});
  });

  it('“take a look”: the page is asked for the camera, and its picture reaches the model', async () => {
    const { fake, core, events, sent } = await voiceCore();
    await core.router.invoke('conversation.start', {});
    fake.requestFunctionCall('look', { source: 'camera' });
    await core.router.invoke('conversation.say', { text: 'What is in front of me now?' });
    const isLook = (e: { channel: string; payload: any }) =>
      e.channel === 'page.request' && e.payload.channel === 'conversation.look';
    await until(() => events.some(isLook), 8000, 'the look request');
    const look = events.find(isLook)!.payload;
    expect(look).toEqual({ id: expect.any(String), channel: 'conversation.look', payload: { source: 'camera' } });
    const image = new Uint8Array(await solidJpeg(320, 240, [220, 30, 30]));
    expect(await core.router.invoke('page.reply', { id: look.id, reply: { image } })).toEqual({
      ok: true,
      value: { known: true }
    });
    await until(
      () =>
        events.some(
          (e) => e.channel === 'conversation.caption' && e.payload.role === 'assistant' && /red/.test(e.payload.text)
        ),
      8000,
      'a reply about the picture'
    );
    const images = sent().filter(
      (e) => e.type === 'conversation.item.create' && JSON.stringify(e).includes('input_image')
    );
    expect(images).toHaveLength(1);
    // Late or unknown answers are recognised as such.
    expect(await core.router.invoke('page.reply', { id: look.id, error: 'late' })).toEqual({
      ok: true,
      value: { known: false }
    });
    core.router.invoke('conversation.stop', {});
  });

  it('a deny-listed window shown to the conversation is never sent; the reason is given', async () => {
    const { core, sent } = await voiceCore();
    await core.router.invoke('conversation.start', {});
    const image = new Uint8Array(await solidJpeg(320, 240, [30, 30, 220]));
    expect(
      await core.router.invoke('conversation.show', { source: 'window', image, windowName: 'Vault - 1Password' })
    ).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE', message: expect.stringContaining('1Password') } });
    expect(sent().some((e) => JSON.stringify(e).includes('input_image'))).toBe(false);
    core.router.invoke('conversation.stop', {});
  });

  it('tells the service about settings that change the session, and only those', async () => {
    const { fake, core, sent } = await voiceCore();
    // Captions by a model the session accepts at once, so the first update is the only one.
    await core.router.invoke('settings.update', { models: { captions: 'gpt-4o-mini-transcribe' } });
    await core.router.invoke('conversation.start', {});
    const updates = () => sent().filter((e) => e.type === 'session.update');
    await until(() => updates().length === 1, 5000, 'the session at the service');
    await core.router.invoke('settings.update', { privacy: { shield: 'ask' } });
    await core.router.invoke('settings.update', { speech: { openaiVoice: 'verse' } });
    await core.router.invoke('conversation.stop', {});
    // The fake lists the socket as closed once every event sent on it is recorded: nothing more can come.
    await until(() => allClosed(fake), 5000, 'the closed socket');
    expect(updates()).toHaveLength(2);
    expect(updates()[1]).toMatchObject({ session: { audio: { output: { voice: 'verse' } } } });
  });

  it('asks for a conversation before talking in one, and refuses malformed requests', async () => {
    const { core } = await voiceCore();
    expect(await core.router.invoke('conversation.say', { text: 'Hello' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'Start a conversation first.' }
    });
    for (const [channel, payload] of [
      ['conversation.talk', { pressed: 'yes' }],
      ['conversation.say', { text: '' }],
      ['conversation.show', { source: 'printer' }],
      ['page.reply', { id: 'x'.repeat(100) }]
    ] as const) {
      expect(await core.router.invoke(channel, payload as never)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_REQUEST' }
      });
    }
  });

  it('with the history on, each finished exchange is kept: what was heard, then the reply', async () => {
    const { core, events, speak } = await voiceCore();
    await core.router.invoke('settings.update', { privacy: { history: true } });
    await core.router.invoke('conversation.start', {});
    speak(weatherPcm(500, 1000).pcm);
    await until(() => replied(events), 8000, 'reply caption');
    const listed = await core.router.invoke('history.list', {});
    expect(listed).toMatchObject({
      ok: true,
      value: {
        entries: [
          {
            source: 'conversation',
            question: expect.stringMatching(/^\[speech, [23]\.\d seconds\]$/),
            answer: expect.stringMatching(/^I heard about [23]\.\d seconds of speech\.$/)
          }
        ]
      }
    });
    await core.router.invoke('conversation.stop', {});
  });

  it('the spending that reaches the monthly limit (the captions, or the reply) ends the conversation, and says why', async () => {
    const { fake, core, events, speak } = await voiceCore();
    await core.router.invoke('settings.update', { budget: { monthlyLimitUsd: 0.0001 } });
    await core.router.invoke('conversation.start', {});
    speak(weatherPcm(500, 1000).pcm);
    const told = () =>
      events
        .filter((e) => e.channel === 'status')
        .map((e) => e.payload.text as string)
        .filter((t) => /spending limit/.test(t));
    await until(() => told().length > 0, 8000, 'the limit to be said');
    await until(
      () => events.filter((e) => e.channel === 'conversation.state').at(-1)?.payload.state === 'closed',
      3000,
      'the end'
    );
    // Every event the service sent had reached the conversation once the fake saw the socket closed:
    // no later usage can say the limit again or bring the conversation back.
    await until(() => allClosed(fake), 5000, 'the closed socket');
    expect(events.filter((e) => e.channel === 'conversation.state').at(-1)?.payload.state).toBe('closed');
    expect(told()).toHaveLength(1);
    const connections = realtimeConnections(fake);
    // start() waits for any connection it opens: once it has answered, none was opened.
    expect(await core.router.invoke('conversation.start', {})).toMatchObject({
      ok: true,
      value: { state: expect.not.stringMatching(/listening|connecting/) }
    });
    expect(realtimeConnections(fake)).toBe(connections);
    expect(told().length).toBeGreaterThanOrEqual(2);
  });

  it('"forget everything" ends the conversation, and the next one starts afresh', async () => {
    const { fake, core, events, speak } = await voiceCore();
    await core.router.invoke('conversation.start', {});
    speak(weatherPcm(500, 1000).pcm);
    await until(() => replied(events), 8000, 'reply caption');
    expect(await core.router.invoke('history.forget', {})).toMatchObject({ ok: true });
    expect(events.filter((e) => e.channel === 'conversation.state').at(-1)?.payload.state).toBe('closed');
    const sessionsBefore = new Set(fake.realtimeEvents.map((r) => r.sessionId)).size;
    await core.router.invoke('conversation.start', {});
    await until(
      () => new Set(fake.realtimeEvents.map((r) => r.sessionId)).size > sessionsBefore,
      5000,
      'a new session'
    );
    const newest = fake.realtimeEvents.at(-1)!.sessionId;
    // Anything replayed would reach the service before what is said next on the same socket.
    expect(await core.router.invoke('conversation.say', { text: 'Is this a new conversation?' })).toMatchObject({
      ok: true
    });
    const created = () =>
      fake.realtimeEvents.filter((r) => r.sessionId === newest && r.event.type === 'conversation.item.create');
    await until(() => created().length > 0, 5000, 'the message at the service');
    expect(created().map((r) => r.event.item.content[0].text)).toEqual(['Is this a new conversation?']);
    await core.router.invoke('conversation.stop', {});
  });
});
