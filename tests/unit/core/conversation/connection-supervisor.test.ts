import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SPOKEN } from '../../../../src/core/conversation';
import {
  ConnectionSupervisor,
  SESSION_ANSWER_WAIT_MS,
  type ConnectionEvents,
  type ConnectionSupervisorOptions
} from '../../../../src/core/conversation/connection-supervisor';
import { ConversationHistory } from '../../../../src/core/conversation/history';
import { silentLogger } from '../../../../src/core/ports';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { clientEvents, ManualClock, sessionIds, until } from './helpers';

const fakes: FakeOpenAI[] = [];
const supervisors: ConnectionSupervisor[] = [];
afterEach(() => {
  for (const s of supervisors.splice(0)) s.stop();
});
afterAll(() => Promise.all(fakes.map((f) => f.close())));

async function ownFake(): Promise<FakeOpenAI> {
  const fake = await startFakeOpenAI();
  fakes.push(fake);
  return fake;
}

type Seen = { [K in keyof ConnectionEvents]: [K, Parameters<ConnectionEvents[K]>[0]] }[keyof ConnectionEvents];

/** A supervisor on the fake with a manual clock, recording what it reports (server events left out). */
function supervise(fake: FakeOpenAI, options: Partial<ConnectionSupervisorOptions> = {}) {
  const clock = new ManualClock();
  const history = new ConversationHistory();
  const work = { busy: false };
  const supervisor = new ConnectionSupervisor({
    endpoint: fake.baseURL,
    getKey: async () => fake.apiKey,
    model: 'gpt-realtime-2.1-mini',
    history,
    busy: () => work.busy,
    logger: silentLogger,
    clock,
    random: () => 0.5,
    reconnect: { baseMs: 40, maxMs: 1000 },
    ...options
  });
  supervisors.push(supervisor);
  const seen: Seen[] = [];
  for (const name of ['connecting', 'opened', 'connected', 'dropped', 'failed', 'idle'] as const) {
    supervisor.on(name, ((payload: unknown) => void seen.push([name, payload] as Seen)) as never);
  }
  const saw = (name: Seen[0]) => until(() => seen.some(([n]) => n === name), 5000, name);
  return { supervisor, clock, history, work, seen, saw };
}

const marker = (text: string) => ({
  type: 'conversation.item.create' as const,
  item: { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text }] }
});
const update = { type: 'session.update' as const, session: { type: 'realtime' as const } };
const names = (seen: Seen[]) => seen.map(([name, payload]) => `${name}:${JSON.stringify(payload)}`);

describe('ConnectionSupervisor', () => {
  it('connects: the session is configured first, then the history replayed and the audio said meanwhile sent', async () => {
    const fake = await ownFake();
    const { supervisor, history, seen } = supervise(fake);
    history.add({ role: 'user', text: 'My name is Sam', itemId: 'item_old' });
    history.add({ role: 'assistant', text: 'Hello, Sam.' });
    supervisor.on('opened', () => supervisor.sendAhead(update));
    const started = supervisor.start();
    const said = new Uint8Array(1920).fill(3);
    supervisor.sendAudio(said);
    expect(await started).toBe(true);
    expect(supervisor.connected).toBe(true);
    expect(names(seen)).toEqual(['connecting:"connecting"', 'opened:false', 'connected:false']);

    await until(() => clientEvents(fake).length === 4, 5000, 'the replay at the fake');
    const sent = clientEvents(fake);
    expect(sent.map((e) => e.type)).toEqual([
      'session.update',
      'conversation.item.create',
      'conversation.item.create',
      'input_audio_buffer.append'
    ]);
    expect(sent.slice(1, 3).map((e) => e.item.content[0].text)).toEqual(['My name is Sam', 'Hello, Sam.']);
    expect(Buffer.from(sent[3].audio, 'base64').equals(Buffer.from(said))).toBe(true);
    // Item ids belong to the old session.
    expect(history.entries[0]!.itemId).toBeUndefined();
  });

  it('keeps only the latest audio said while connecting, and none once a fresh turn starts', async () => {
    const fake = await ownFake();
    const { supervisor } = supervise(fake, { maxPendingAudioMs: 100 });
    const chunks = [1, 2, 3, 4, 5].map((n) => new Uint8Array(1920).fill(n));
    const started = supervisor.start();
    for (const chunk of chunks) supervisor.sendAudio(chunk);
    await started;
    supervisor.send(marker('after the audio'));
    await until(() => clientEvents(fake).some((e) => e.type === 'conversation.item.create'), 5000, 'the marker');
    const appended = clientEvents(fake).filter((e) => e.type === 'input_audio_buffer.append');
    expect(appended.map((e) => Buffer.from(e.audio, 'base64')[0])).toEqual([4, 5]);

    supervisor.stop();
    const again = supervisor.start();
    supervisor.sendAudio(chunks[0]!);
    supervisor.discardPendingAudio();
    await again;
    supervisor.send(marker('second connection'));
    const isMarker = (e: any) => e.item?.content?.[0]?.text === 'second connection';
    await until(() => clientEvents(fake).some(isMarker), 5000, 'the second marker');
    expect(clientEvents(fake, sessionIds(fake)[1]).map((e) => e.type)).toEqual(['conversation.item.create']);
  });

  it('holds back what is sent until released, all but what goes ahead', async () => {
    const fake = await ownFake();
    const { supervisor, clock } = supervise(fake);
    supervisor.on('opened', () => supervisor.hold());
    await supervisor.start();
    expect(clock.pending).toEqual([SESSION_ANSWER_WAIT_MS]);
    supervisor.send(marker('held'));
    supervisor.sendAhead(update);
    await until(() => clientEvents(fake).length > 0, 5000, 'the update');
    // Sent before the update on the same socket, it would have arrived first.
    expect(clientEvents(fake).map((e) => e.type)).toEqual(['session.update']);
    supervisor.release();
    expect(clock.pending).toEqual([]);
    await until(() => clientEvents(fake).length === 2, 5000, 'the held message');
    expect(clientEvents(fake)[1].item.content[0].text).toBe('held');
  });

  it('lets what it holds go when the service does not answer in time', async () => {
    const fake = await ownFake();
    const { supervisor, clock } = supervise(fake);
    supervisor.on('opened', () => supervisor.hold());
    await supervisor.start();
    supervisor.send(marker('held'));
    clock.advance(SESSION_ANSWER_WAIT_MS);
    await until(() => clientEvents(fake).length === 1, 5000, 'the held message');
    expect(clientEvents(fake)[0].item.content[0].text).toBe('held');
  });

  it('reconnects after the line drops, after a backoff wait, with the history replayed', async () => {
    const fake = await ownFake();
    fake.inject('realtime', { kind: 'ws-close', code: 1006, after: 'open' });
    const { supervisor, clock, history, seen, saw } = supervise(fake);
    history.add({ role: 'user', text: 'My name is Sam' });
    await supervisor.start();
    await saw('dropped');
    expect(supervisor.connected).toBe(false);
    // Equal jitter at random 0.5: three quarters of the first ceiling (40 ms).
    expect(clock.pending).toEqual([30]);
    clock.advance(30);
    await until(() => seen.filter(([name]) => name === 'connected').length === 2, 5000, 'the reconnect');
    expect(names(seen)).toEqual([
      'connecting:"connecting"',
      'opened:false',
      'connected:false',
      'dropped:{"code":1006,"reason":"","byClient":false}',
      'connecting:"reconnecting"',
      'opened:true',
      'connected:true'
    ]);
    const second = sessionIds(fake)[1];
    await until(() => clientEvents(fake, second).length === 1, 5000, 'the replay');
    expect(clientEvents(fake, second)[0].item.content[0].text).toBe('My name is Sam');
  });

  it('reconnects at once after the planned end of a session at its time limit', async () => {
    const fake = await ownFake();
    fake.inject('realtime', { kind: 'ws-close', code: 1001, after: 'open', reason: 'session limit' });
    const { supervisor, clock, seen } = supervise(fake);
    supervisor.on('opened', (reconnected) => {
      if (!reconnected) supervisor.expectClose();
    });
    await supervisor.start();
    await until(() => seen.filter(([name]) => name === 'connected').length === 2, 5000, 'the reconnect');
    expect(clock.pending).toEqual([]);
  });

  it('does not retry a close that refuses the key (3000), and says why', async () => {
    const fake = await ownFake();
    fake.inject('realtime', { kind: 'ws-close', code: 3000, after: 'open', reason: 'invalid_api_key' }, 5);
    const { supervisor, clock, seen, saw } = supervise(fake);
    await supervisor.start();
    await saw('failed');
    expect(seen.at(-1)).toEqual([
      'failed',
      { code: 'auth', fatal: true, message: SPOKEN.auth, detail: expect.any(String) }
    ]);
    // Nothing is left to run: no wait for a retry.
    expect(clock.pending).toEqual([]);
    expect(supervisor.connected).toBe(false);
    expect(supervisor.connecting).toBeUndefined();
    expect(names(seen)).not.toContain('connecting:"reconnecting"');
    expect(fake.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(1);
  });

  it('gives up after the configured attempts, waiting between them', async () => {
    const fake = await ownFake();
    fake.inject('realtime', { kind: 'status', status: 500 }, 5);
    const { supervisor, clock, seen } = supervise(fake, { reconnect: { initialAttempts: 2, baseMs: 40 } });
    const started = supervisor.start();
    await until(() => clock.pending.length === 1, 5000, 'the wait after the first attempt');
    expect(clock.pending).toEqual([30]);
    clock.advance(30);
    expect(await started).toBe(false);
    expect(seen.at(-1)).toEqual(['failed', { code: 'network', fatal: true, message: SPOKEN.gaveUp }]);
    expect(fake.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(2);
  });

  it('says so when no key is set, without touching the network', async () => {
    const fake = await ownFake();
    const { supervisor, seen } = supervise(fake, { getKey: async () => undefined });
    expect(await supervisor.start()).toBe(false);
    expect(names(seen)).toEqual([
      'connecting:"connecting"',
      `failed:${JSON.stringify({ code: 'no-key', message: SPOKEN.noKey, fatal: true })}`
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it('stop() ends a reconnect waiting for its backoff', async () => {
    const fake = await ownFake();
    fake.inject('realtime', { kind: 'ws-close', code: 1006, after: 'open' });
    const { supervisor, clock, seen, saw } = supervise(fake);
    await supervisor.start();
    await saw('dropped');
    const reconnecting = supervisor.connecting!;
    supervisor.stop();
    expect(await reconnecting).toBe(false);
    expect(clock.pending).toEqual([]);
    expect(names(seen).filter((n) => n.startsWith('failed'))).toEqual([]);
    expect(fake.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(1);
  });

  it('closes after the quiet time, never while something is under way, and connects again on demand', async () => {
    const fake = await ownFake();
    const { supervisor, clock, work, seen } = supervise(fake, { idleTimeoutMs: 60_000 });
    await supervisor.start();
    expect(clock.pending).toEqual([60_000]);
    work.busy = true;
    clock.advance(60_000);
    expect(supervisor.connected).toBe(true);
    expect(clock.pending).toEqual([60_000]);
    work.busy = false;
    clock.advance(60_000);
    expect(supervisor.connected).toBe(false);
    expect(seen.at(-1)).toEqual(['idle', 60_000]);
    expect(clock.pending).toEqual([]);

    expect(await supervisor.start()).toBe(true);
    expect(seen.at(-1)).toEqual(['connected', false]);
  });

  it('applies a changed quiet time from now; 0 keeps the connection open', async () => {
    const fake = await ownFake();
    const { supervisor, clock } = supervise(fake, { idleTimeoutMs: 0 });
    await supervisor.start();
    expect(clock.pending).toEqual([]);
    supervisor.setIdleTimeout(1000);
    expect(clock.pending).toEqual([1000]);
    supervisor.setIdleTimeout(0);
    expect(clock.pending).toEqual([]);
    expect(supervisor.connected).toBe(true);
  });
});
