import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_ANSWER_WAIT_MS, SPOKEN, type RealtimeSession } from '../../../../src/core/conversation';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { solidJpeg, weatherPcm } from '../../../fakes/openai/test-helpers';
import { speechPcmFor } from '../../../fakes/openai/speech';
import {
  appendInChunks,
  appendPaced,
  clientEvents,
  CONFIG,
  concatSamples,
  ManualClock,
  newSession,
  sessionIds,
  until
} from './helpers';

let fake: FakeOpenAI;
const sessions: RealtimeSession[] = [];
const fakes: FakeOpenAI[] = [];

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.stop();
});
afterAll(async () => {
  await Promise.all([fake.close(), ...fakes.map((f) => f.close())]);
});

function track<T extends { session: RealtimeSession }>(made: T): T {
  sessions.push(made.session);
  return made;
}

async function ownFake(timing: Parameters<typeof startFakeOpenAI>[0] = {}): Promise<FakeOpenAI> {
  const f = await startFakeOpenAI(timing);
  fakes.push(f);
  return f;
}

describe('RealtimeSession against the fake service', () => {
  it('completes a spoken turn from real recorded speech: VAD, reply audio and both captions', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own));
    expect(await session.start()).toBe(true);
    const { pcm } = weatherPcm(500, 1000);
    const chunks = appendInChunks(session, pcm);

    const done = await rec.waitFor('responseDone');
    expect(done.status).toBe('completed');
    const userCaption = await rec.waitFor('caption', (c) => c.role === 'user' && c.final);
    const replyCaption = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final);
    expect(userCaption.text).toMatch(/^\[speech, [23]\.\d seconds\]$/);
    expect(replyCaption.text).toMatch(/^I heard about [23]\.\d seconds of speech\.$/);

    // The reply audio is exactly the fake's speech for that sentence, in order, from one item.
    const audio = rec.all('audio');
    expect(new Set(audio.map((a) => a.itemId))).toEqual(new Set([replyCaption.itemId]));
    expect(concatSamples(audio.map((a) => a.samples)).equals(speechPcmFor(replyCaption.text))).toBe(true);

    // What left the app: one session.update, then the microphone audio, byte for byte, in 40 ms chunks.
    const sent = clientEvents(own);
    expect(sent[0]).toMatchObject({ type: 'session.update', session: { type: 'realtime' } });
    const appends = sent.filter((e) => e.type === 'input_audio_buffer.append');
    expect(appends).toHaveLength(chunks);
    expect(Buffer.concat(appends.map((e) => Buffer.from(e.audio, 'base64'))).equals(pcm)).toBe(true);

    expect(rec.states()).toEqual(['connecting', 'listening', 'thinking', 'speaking', 'listening']);
    const usage = rec.all('usage');
    expect(usage).toHaveLength(1);
    expect(usage[0]!.input.audio).toBeGreaterThan(0);
    expect(usage[0]!.output.audio).toBeGreaterThan(0);
    // The captions model's work is counted by the seconds it heard, as its price is.
    const heardSeconds = Number(/\[speech, (\d\.\d) seconds\]/.exec(userCaption.text)![1]);
    const captioned = rec.all('captionsUsage');
    expect(captioned).toEqual([{ model: 'gpt-4o-mini-transcribe', seconds: expect.closeTo(heardSeconds, 0) }]);
    expect(rec.all('error')).toEqual([]);
    expect(session.transcript.map((e) => [e.role, e.text])).toEqual([
      ['user', userCaption.text],
      ['assistant', replyCaption.text]
    ]);
  });

  it('barge-in: speech over a long reply interrupts, truncates to what was heard, drops the rest, answers anew', async () => {
    const own = await ownFake({ timing: { realtimeAudioRealtimeFactor: 1 } });
    const { session, rec } = track(newSession(own));
    await session.sendText('Please give me a long answer.');
    await until(() => rec.all('audio').length >= 4, 5000, 'reply audio');
    const replyItem = rec.all('audio')[0]!.itemId;

    let heardReport: { itemId: string; contentIndex: number } | undefined;
    session.on('interrupt', (i) => {
      // The host stops playback and reports what it played; here: 250 ms of this item.
      if (i.itemId && !heardReport) {
        heardReport = { itemId: i.itemId, contentIndex: i.contentIndex };
        session.reportPlayed(i.itemId, i.contentIndex, 250);
      }
    });
    // At four times real time: the cancelled reply ends (as with the service) before the user stops.
    const speaking = appendPaced(session, weatherPcm(0, 1000).pcm, 4);
    const interrupt = await rec.waitFor('interrupt', (i) => i.reason === 'speech');
    expect(interrupt).toEqual({ itemId: replyItem, contentIndex: 0, reason: 'speech' });
    const interruptAt = rec.indexOf('interrupt', (i) => i.reason === 'speech');
    own.setTiming({ realtimeAudioRealtimeFactor: 0 }); // the next answer need not take real time

    await until(
      () => clientEvents(own).some((e) => e.type === 'conversation.item.truncate'),
      5000,
      'the truncate at the fake'
    );
    expect(clientEvents(own).filter((e) => e.type === 'conversation.item.truncate')).toEqual([
      { type: 'conversation.item.truncate', item_id: replyItem, content_index: 0, audio_end_ms: 250 }
    ]);
    await rec.waitFor('serverEvent', (e) => e.type === 'conversation.item.truncated');

    // A new answer follows for the new turn, from a different item.
    const second = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.itemId !== replyItem);
    expect(second.text).toMatch(/^I heard about \d\.\d seconds of speech\.$/);
    await rec.waitFor('responseDone', () => rec.all('responseDone').length >= 2);
    await speaking;

    // No reply audio of the interrupted item after the interrupt; the service was never asked to
    // cancel a response that was not there (server VAD cancels it itself).
    const lateAudio = rec.log
      .slice(interruptAt)
      .filter((e) => e.type === 'audio' && (e.payload as any).itemId === replyItem);
    expect(lateAudio).toHaveLength(0);
    expect(rec.serverEvents('error')).toEqual([]);
    expect(rec.all('error')).toEqual([]);
    const firstDone = rec.all('responseDone')[0]!;
    expect(firstDone.status).toBe('cancelled');
    // The caption stopped where the interrupt came, and the history keeps only the heard part.
    const cut = rec.all('caption').find((c) => c.itemId === replyItem && c.final)!;
    expect(cut.interrupted).toBe(true);
    const entry = session.transcript.find((e) => e.role === 'assistant')!;
    expect(entry.cutOff).toBe(true);
    expect(entry.text.length).toBeLessThan(80);
  });

  it('drops reply audio that arrives after a host interrupt and cancels only the active response', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own));
    let interrupted = false;
    session.on('audio', () => {
      if (!interrupted) {
        interrupted = true;
        session.interrupt();
      }
    });
    await session.sendText('Please give me a long answer.');
    const done = await rec.waitFor('responseDone');
    expect(done.status).toBe('cancelled');
    const item = rec.all('audio')[0]!.itemId;
    const interruptAt = rec.indexOf('interrupt', (i) => i.reason === 'host');
    const arrivedLate = rec.log
      .slice(interruptAt)
      .filter((e) => e.type === 'serverEvent' && (e.payload as any).type === 'response.output_audio.delta');
    const playedLate = rec.log.slice(interruptAt).filter((e) => e.type === 'audio');
    expect(arrivedLate.length).toBeGreaterThan(0);
    expect(playedLate).toHaveLength(0);
    expect(rec.all('audio').every((a) => a.itemId === item)).toBe(true);
    const cancels = clientEvents(own).filter((e) => e.type === 'response.cancel');
    expect(cancels).toEqual([{ type: 'response.cancel', response_id: done.responseId }]);
    expect(rec.serverEvents('error')).toEqual([]);

    // The host then says it played 40 ms: the item is truncated there once the response has ended.
    session.reportPlayed(item, 0, 40);
    await until(() => clientEvents(own).some((e) => e.type === 'conversation.item.truncate'), 5000, 'truncate');
    expect(clientEvents(own).find((e) => e.type === 'conversation.item.truncate')).toMatchObject({ audio_end_ms: 40 });
    await rec.waitFor('serverEvent', (e) => e.type === 'conversation.item.truncated');
    expect(rec.serverEvents('error')).toEqual([]);
  });

  it('stop drops audio still arriving and closes', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own));
    session.on('audio', () => session.stop());
    await session.sendText('Please give me a long answer.');
    await rec.waitFor('state', (s) => s === 'closed');
    // The fake lists the socket as closed once everything it sent has gone: no audio can come after.
    await until(() => sessionIds(own).every((id) => own.realtimeClosed.includes(id)), 5000, 'the closed socket');
    expect(rec.all('audio')).toHaveLength(1);
    expect(session.connected).toBe(false);
  });

  it('reconnects after the connection drops mid-reply (1006): same session.update, history replayed, one note', async () => {
    const own = await ownFake();
    // The first connection is cut 3 audio deltas into its second reply (the first is 36 characters).
    const firstReplyDeltas = Math.ceil(speechPcmFor('I heard about 0.0 seconds of speech.').length / 4800);
    own.inject('realtime', { kind: 'cut-stream', afterChunks: firstReplyDeltas + 3 });
    const { session, rec } = track(newSession(own));
    await session.start();
    appendInChunks(session, weatherPcm(500, 1000).pcm);
    await rec.waitFor('responseDone');
    const said = await rec.waitFor('caption', (c) => c.role === 'user' && c.final);
    const answered = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final);

    await session.sendText('What about tomorrow?');
    const note = await rec.waitFor('note');
    expect(note).toEqual({ kind: 'reconnected', message: 'Reconnected; we can carry on.' });
    expect(rec.states()).toContain('reconnecting');
    expect(rec.states().at(-1)).toBe('listening');

    await until(
      () => sessionIds(own).length === 2 && clientEvents(own, sessionIds(own)[1]).length >= 4,
      3000,
      'replay'
    );
    const [first, second] = sessionIds(own);
    const before = clientEvents(own, first);
    const after = clientEvents(own, second);
    // The same session, under its own event id (an error about it names the update it refuses).
    const { event_id: firstId, ...firstUpdate } = before[0];
    const { event_id: secondId, ...secondUpdate } = after[0];
    expect(secondUpdate).toEqual(firstUpdate);
    expect(secondUpdate.type).toBe('session.update');
    expect(secondId).not.toBe(firstId);
    const replayed = after
      .slice(1)
      .filter((e) => e.type === 'conversation.item.create')
      .map((e) => e.item);
    expect(replayed.slice(0, 3)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: said.text }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: answered.text }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What about tomorrow?' }] }
    ]);
    // The reply cut by the drop is remembered as cut off, if any of it had arrived.
    for (const item of replayed.slice(3)) expect(item.content[0].text).toMatch(/^You said.* …$/);
    expect(replayed.length).toBeLessThanOrEqual(4);

    // And the conversation carries on in the new session.
    await session.sendText('Are you there?');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: Are you there?');
    expect(rec.all('note')).toHaveLength(1);
    expect(rec.all('error')).toEqual([]);
  });

  it('waits with jittered exponential backoff between reconnect attempts', async () => {
    const own = await ownFake();
    const firstReplyDeltas = Math.ceil(speechPcmFor('You said: hello').length / 4800);
    own.inject('realtime', { kind: 'cut-stream', afterChunks: firstReplyDeltas + 2 });
    const waits: number[] = [];
    const clock = {
      setTimeout: (fn: () => void, ms: number) => {
        waits.push(ms);
        return setTimeout(fn, ms);
      },
      clearTimeout: (h: unknown) => clearTimeout(h as NodeJS.Timeout)
    };
    const { session, rec } = track(
      newSession(own, { clock, random: () => 0.5, reconnect: { baseMs: 40, maxMs: 1000 } })
    );
    await session.sendText('hello');
    await rec.waitFor('responseDone');
    // The connection is cut in the next reply; the next two attempts are refused (503).
    own.inject('realtime', { kind: 'status', status: 503 }, 2);
    await session.sendText('and again');
    await rec.waitFor('note');
    // First the wait for the service to take the new session's caption model (answered at once);
    // then the reconnects: ceilings 40, 80, 160 ms, equal jitter at random 0.5 → three quarters of each.
    // The reconnects ask for the accepted caption model, so they do not wait for the answer.
    expect(waits).toEqual([SESSION_ANSWER_WAIT_MS, 30, 60, 120]);
    expect(own.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(4);
    expect(rec.all('note')).toHaveLength(1);
    expect(rec.all('error')).toEqual([]);
  });

  it('reconnects when the service closes with 1001 (going away, as at the 60-minute limit)', async () => {
    const own = await ownFake();
    own.inject('realtime', { kind: 'ws-close', code: 1001, after: 'session.update', reason: 'session limit' });
    const { session, rec } = track(newSession(own));
    await session.start();
    expect(await rec.waitFor('note')).toMatchObject({ kind: 'reconnected' });
    await session.sendText('hello again');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: hello again');
    expect(sessionIds(own)).toHaveLength(2);
    expect(rec.all('error')).toEqual([]);
  });

  it('gives up after the configured attempts when the service stays away, and says so', async () => {
    const own = await ownFake();
    own.inject('realtime', { kind: 'status', status: 500 }, 10);
    const { session, rec } = track(newSession(own, { reconnect: { initialAttempts: 3, baseMs: 10, maxMs: 20 } }));
    expect(await session.start()).toBe(false);
    expect(rec.all('error')).toEqual([{ code: 'network', fatal: true, message: SPOKEN.gaveUp }]);
    expect(own.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(3);
    expect(session.state).toBe('closed');
  });

  it('does not retry close 3000 (bad key) and says why', async () => {
    const own = await ownFake();
    own.inject('realtime', { kind: 'ws-close', code: 3000, after: 'session.update', reason: 'invalid_api_key' }, 5);
    const clock = new ManualClock();
    const { session, rec } = track(newSession(own, { clock }));
    await session.start();
    const error = await rec.waitFor('error');
    expect(error).toMatchObject({ code: 'auth', fatal: true, message: SPOKEN.auth });
    expect(session.state).toBe('closed');
    // A retry would wait for its backoff on the clock: nothing is waiting, and nothing comes of time passing.
    expect(clock.pending).toEqual([]);
    clock.advance(60_000);
    expect(own.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(1);
    expect(rec.states()).not.toContain('reconnecting');
  });

  it('does not retry a refused key (401 at the handshake) and says why', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own, { getKey: async () => 'sk-wrong-key-123' }));
    expect(await session.start()).toBe(false);
    expect(rec.all('error')).toEqual([
      { code: 'auth', fatal: true, message: SPOKEN.auth, detail: expect.stringContaining('Incorrect API key') }
    ]);
    expect(own.requests.filter((r) => r.path === '/v1/realtime')).toHaveLength(1);
    expect(session.state).toBe('closed');
  });

  it('says so when no key is set, without touching the network', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own, { getKey: async () => undefined }));
    expect(await session.sendText('hello')).toBe(false);
    expect(rec.all('error')).toEqual([{ code: 'no-key', fatal: true, message: SPOKEN.noKey }]);
    expect(own.requests).toHaveLength(0);
  });

  it('look: the model asks for a picture, the host captures it, the model answers from its pixels', async () => {
    const own = await ownFake();
    const jpeg = await solidJpeg(320, 240, [30, 60, 200]);
    const asked: string[] = [];
    const { session, rec } = track(
      newSession(own, {
        look: async (source) => {
          asked.push(source);
          return jpeg;
        }
      })
    );
    own.requestFunctionCall('look', { source: 'screen' });
    await session.sendText('What is on my screen now?');
    const answer = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final);
    expect(asked).toEqual(['screen']);
    expect(answer.text).toMatch(/^A 320×240 image, mostly blue/);

    const sent = clientEvents(own);
    const update = sent.find((e) => e.type === 'session.update');
    expect(update.session.tools.map((t: any) => t.name)).toEqual(['look']);
    const call = rec.serverEvents('response.output_item.done').find((e) => e.item.type === 'function_call').item;
    const outputAt = sent.findIndex((e) => e.item?.type === 'function_call_output');
    expect(sent[outputAt].item.call_id).toBe(call.call_id);
    const image = sent[outputAt + 1].item.content.find((c: any) => c.type === 'input_image');
    expect(Buffer.from(image.image_url.replace(/^data:image\/jpeg;base64,/, ''), 'base64').equals(jpeg)).toBe(true);
    expect(sent[outputAt + 2]).toEqual({ type: 'response.create' });
    expect(rec.all('error')).toEqual([]);
  });

  it('look: a failed capture goes back to the model, which says it', async () => {
    const own = await ownFake();
    const { session, rec } = track(
      newSession(own, {
        look: async () => {
          throw new Error('The camera is not connected.');
        }
      })
    );
    own.requestFunctionCall('look', { source: 'camera' });
    await session.sendText('What is in front of me?');
    const answer = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final);
    expect(answer.text).toContain('The camera is not connected.');
    expect(clientEvents(own).some((e) => e.item?.content?.some?.((c: any) => c.type === 'input_image'))).toBe(false);
  });

  it('adds a picture to the conversation and answers a question about it', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own));
    await session.addImage(await solidJpeg(200, 100, [220, 30, 30]), 'From the camera.');
    await session.respond();
    const answer = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final);
    expect(answer.text).toMatch(/^A 200×100 image, mostly red/);
  });

  it('says a service error in plain words and carries on', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own));
    await session.addImage(new Uint8Array([1, 2, 3, 4]));
    const error = await rec.waitFor('error');
    expect(error).toMatchObject({ code: 'image', fatal: false, message: SPOKEN.image });
    await session.sendText('hello');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: hello');
  });

  it('push-to-talk: clear on press, commit and response.create on release, no VAD', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own, { inputMode: 'push-to-talk' }));
    appendInChunks(session, weatherPcm(0, 0).pcm); // key up: not sent
    await session.pressTalk();
    appendInChunks(session, weatherPcm(200, 200).pcm);
    await session.releaseTalk();
    const answer = await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final);
    expect(answer.text).toMatch(/^I heard about 3\.\d seconds of speech\.$/);
    const sent = clientEvents(own).map((e) => e.type);
    expect(clientEvents(own)[0].session.audio.input.turn_detection).toBeNull();
    expect(sent.filter((t) => t !== 'input_audio_buffer.append')).toEqual([
      'session.update',
      'input_audio_buffer.commit',
      'response.create'
    ]);
    expect(rec.serverEvents('input_audio_buffer.speech_started')).toEqual([]);

    // A tap too short to be speech is cleared, not committed, and the user is told.
    await session.pressTalk();
    session.appendAudio(new Uint8Array(24 * 40 * 2));
    await session.releaseTalk();
    expect(rec.all('error').at(-1)).toMatchObject({ code: 'too-short', fatal: false });
    await until(() => clientEvents(own).at(-1)?.type === 'input_audio_buffer.clear', 2000, 'clear');
    expect(clientEvents(own).filter((e) => e.type === 'input_audio_buffer.commit')).toHaveLength(1);
  });

  it('closes after the idle timeout with a spoken note, and reconnects on demand with the history', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own, { idleTimeoutMs: 150 }));
    await session.sendText('hello');
    await rec.waitFor('responseDone');
    const note = await rec.waitFor('note');
    expect(note.kind).toBe('idle');
    expect(note.message).toMatch(/quiet .* stopped listening/);
    expect(session.state).toBe('idle');
    expect(session.connected).toBe(false);

    await session.sendText('still there?');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: still there?');
    const [, second] = sessionIds(own);
    const replayed = clientEvents(own, second)
      .filter((e) => e.type === 'conversation.item.create')
      .map((e) => e.item.content[0].text);
    expect(replayed).toEqual(['hello', 'You said: hello', 'still there?']);
  });

  it('a quiet time changed during the conversation applies at once; 0 keeps it open', async () => {
    const own = await ownFake();
    const clock = new ManualClock();
    const { session, rec } = track(newSession(own, { idleTimeoutMs: 0, clock }));
    await session.sendText('hello');
    await rec.waitFor('responseDone');
    // No quiet time: nothing waits to close the conversation, however long it stays quiet.
    expect(clock.pending).toEqual([]);
    clock.advance(24 * 60 * 60_000);
    expect(session.connected).toBe(true);
    session.setIdleTimeout(150);
    expect(clock.pending).toEqual([150]);
    clock.advance(150);
    expect(rec.all('note')).toEqual([{ kind: 'idle', message: SPOKEN.idle(1) }]);
    expect(session.connected).toBe(false);
    session.setIdleTimeout(0);
    await session.sendText('again');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: again');
    expect(clock.pending).toEqual([]);
    clock.advance(24 * 60 * 60_000);
    expect(session.connected).toBe(true);
    session.stop();
  });
});

describe('captions of what the user says', () => {
  const updates = (f: FakeOpenAI, sessionId?: string) =>
    clientEvents(f, sessionId).filter((e) => e.type === 'session.update');
  const captionModel = (update: any) => update.session.audio.input.transcription?.model ?? null;

  it('carries on without them when the service offers no caption model, says so once, even after a reconnect', async () => {
    const own = await ownFake();
    own.setToday('2027-03-01');
    // The first connection is cut a few audio deltas into its second reply.
    const firstReplyDeltas = Math.ceil(speechPcmFor('You said: hello').length / 4800);
    own.inject('realtime', { kind: 'cut-stream', afterChunks: firstReplyDeltas + 2 });
    const { session, rec } = track(newSession(own, { model: 'gpt-realtime-2.1-mini' }));

    await session.sendText('hello');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: hello');
    const [first] = sessionIds(own);
    expect(updates(own, first).map(captionModel)).toEqual(['gpt-4o-mini-transcribe', null]);
    // Nothing else went out before the service had taken the session without captions.
    expect(clientEvents(own, first).map((e) => e.type)).toEqual([
      'session.update',
      'session.update',
      'conversation.item.create',
      'response.create'
    ]);
    expect(rec.serverEvents('session.updated').at(-1).session.audio.input.transcription).toBeNull();
    expect(rec.all('transcriptionRefused')).toEqual(['gpt-4o-mini-transcribe']);
    expect(rec.all('captionsUnavailable')).toEqual([
      {
        message:
          'Captions of what you say are not available from the service right now, so the conversation goes on without them.'
      }
    ]);

    await session.sendText('Please give me a long answer.');
    await rec.waitFor('note', (n) => n.kind === 'reconnected');
    await session.sendText('Are you there?');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: Are you there?');
    const second = sessionIds(own)[1];
    expect(updates(own, second).map(captionModel)).toEqual([null]);
    expect(rec.all('captionsUnavailable')).toHaveLength(1);
    expect(rec.all('transcriptionRefused')).toHaveLength(1);
    expect(rec.all('error')).toEqual([]);
    expect(session.state).not.toBe('closed');
  });

  it('falls back to the next candidate when the first is refused, and keeps it after a reconnect', async () => {
    const own = await ownFake();
    const { session, rec } = track(
      newSession(own, {
        config: { ...CONFIG, transcriptionModels: ['gpt-realtime-whisper', 'gpt-4o-mini-transcribe'] },
        idleTimeoutMs: 300
      })
    );
    expect(await session.start()).toBe(true);
    appendInChunks(session, weatherPcm(500, 1000).pcm);
    const said = await rec.waitFor('caption', (c) => c.role === 'user' && c.final);
    expect(said.text).toMatch(/^\[speech, [23]\.\d seconds\]$/);
    await rec.waitFor('responseDone');
    const [first] = sessionIds(own);
    expect(updates(own, first).map(captionModel)).toEqual(['gpt-realtime-whisper', 'gpt-4o-mini-transcribe']);
    const refusal = rec.serverEvents('error')[0];
    expect(refusal.error).toMatchObject({
      code: 'invalid_value',
      param: 'session.audio.input.transcription.model',
      event_id: updates(own, first)[0].event_id
    });
    expect(rec.all('transcriptionRefused')).toEqual(['gpt-realtime-whisper']);
    expect(rec.all('captionsUnavailable')).toEqual([]);
    expect(rec.all('error')).toEqual([]);

    // Idle, then a new connection on demand: it asks for the accepted model straight away.
    await rec.waitFor('note', (n) => n.kind === 'idle');
    await session.sendText('still there?');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: still there?');
    const second = sessionIds(own)[1];
    expect(updates(own, second).map(captionModel)).toEqual(['gpt-4o-mini-transcribe']);
    expect(rec.all('transcriptionRefused')).toHaveLength(1);
  });

  it('asks for no captions when given no candidates, and then waits for nothing', async () => {
    const own = await ownFake();
    const { session, rec } = track(newSession(own, { config: { ...CONFIG, transcriptionModels: [] } }));
    await session.sendText('hello');
    await rec.waitFor('caption', (c) => c.role === 'assistant' && c.final && c.text === 'You said: hello');
    expect(updates(own).map(captionModel)).toEqual([null]);
    expect(rec.all('captionsUnavailable')).toEqual([]);
  });
});
