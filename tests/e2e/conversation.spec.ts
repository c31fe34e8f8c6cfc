import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { CONVERSATION_UTTERANCES, SAMPLE_RATE } from '../../src/shared/audio-frames';
import type { FakeOpenAI } from '../fakes/openai';
import { colourName } from '../fakes/openai/images';
import { speechPcmFor } from '../fakes/openai/speech';
import { CAMERA } from './fake-camera';
import { expect, openSettings, playerDiagnostics, voiceTest as test } from './fixtures';
import { stubScreen } from './screen-stub';

/*
 * The spoken conversation in Chromium through the web host, against the fake Realtime server. The
 * fake microphone plays the recorded question ("what's the weather") once, framed by silence, from
 * the moment the page opens it; the fake's energy VAD decides where each turn ends.
 */

test.describe.configure({ timeout: 180_000 });

/** Generous: the machine is shared, and the first picture shown starts the offline text engine. */
const LONG = 60_000;
const SAMPLES_PER_MS = 24;
/** The fake sends reply audio in 100 ms deltas. */
const DELTA_BYTES = 4_800;
/** Voice replies get utterance ids from here up (see src/core/conversation/voice-service.ts). */

/** About 25 s of speech at the fake's pace: long enough to be interrupted. */
const LONG_REPLY = Array.from(
  { length: 8 },
  (_, i) => `Here is part ${i + 1} of a long description of the room, read slowly and in order.`
).join(' ');

type SentEvent = { type: string; [key: string]: unknown };

/** Client events the fake received (optionally of one type), oldest first. */
const sent = (fake: FakeOpenAI, type?: string): SentEvent[] =>
  fake.realtimeEvents.filter((r) => !type || r.event?.type === type).map((r) => r.event as SentEvent);

const sessionIds = (fake: FakeOpenAI) => [...new Set(fake.realtimeEvents.map((r) => r.sessionId))];

async function waitForSent(fake: FakeOpenAI, type: string, count = 1): Promise<SentEvent[]> {
  await expect.poll(() => sent(fake, type).length, { timeout: LONG }).toBeGreaterThanOrEqual(count);
  return sent(fake, type);
}

const realtimeConnections = (fake: FakeOpenAI) => fake.requests.filter((r) => r.path === '/v1/realtime').length;

/**
 * Records in the page, as they come, the conversation's states from now on; the function returned
 * reads them.
 */
async function watchConversationStates(app: Page): Promise<() => Promise<string[]>> {
  await app.evaluate(() => {
    const w = window as unknown as { conversationStates?: string[] };
    const states: string[] = (w.conversationStates = []);
    window.lumen.on('conversation.state', (status) => states.push(status.state));
  });
  return () => app.evaluate(() => (window as unknown as { conversationStates: string[] }).conversationStates);
}

/** The key, and speech through "my screen reader", so what Lumen says lands in the speech log. */
async function prepare(app: Page, fake: FakeOpenAI) {
  expect((await app.evaluate((key) => window.lumen.secrets.setKey({ key }), fake.apiKey)).ok).toBe(true);
  const updated = await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  expect(updated.ok).toBe(true);
}

const stateLine = (app: Page) => app.getByTestId('conversation-state');
const captions = (app: Page) => app.getByRole('log', { name: 'Captions' });
const captionLines = (app: Page) => captions(app).locator('p').allTextContents();
const speechLog = (app: Page) => app.getByTestId('speech-log');

async function startConversation(app: Page) {
  await app.getByRole('button', { name: 'Start conversation' }).click();
  await expect(stateLine(app)).toHaveText('Conversation: Listening', { timeout: LONG });
}

async function typeMessage(app: Page, text: string) {
  await app.getByLabel('Message to Lumen').fill(text);
  await app.getByRole('button', { name: 'Send message' }).click();
  await expect(app.getByLabel('Message to Lumen')).toHaveValue('');
}

const player = (app: Page) =>
  app.evaluate(() => {
    const p = window.lumenDiagnostics?.player;
    if (!p) throw new Error('The page has no audio player.');
    return { playedSamples: p.playedSamples, lastStartAt: p.lastStartAt, lastStopped: p.lastStopped };
  });

/** Samples of the fake's spoken reply for this text (its real recorded voice, repeated to length). */
const replySamples = (text: string) => speechPcmFor(text).length / 2;

async function axe(app: Page) {
  const results = await new AxeBuilder({ page: app })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('one spoken question', () => {
  test.use({ mic: [{ silenceMs: 500 }, 'question', { silenceMs: 120_000 }] });

  test('a full spoken turn: the microphone reaches the fake, its VAD ends the turn, the reply plays, captions appear', async ({
    app,
    fake
  }) => {
    await prepare(app, fake);
    await startConversation(app);

    const lines = captions(app);
    await expect(lines).toHaveAttribute('aria-live', 'polite');
    await expect(lines).toContainText(/You: \[speech, \d+\.\d seconds\]/, { timeout: LONG });
    await expect(lines).toContainText('Lumen: I heard about', { timeout: LONG });

    // The microphone's sound went out as 40 ms PCM16 chunks (1920 bytes each)…
    const appends = sent(fake, 'input_audio_buffer.append');
    expect(appends.length).toBeGreaterThan(50);
    expect(Buffer.from(String(appends[1]!.audio), 'base64').byteLength).toBe(1920);
    // …and the fake's VAD, not Lumen, ended the turn: no commit, no response.create from the page.
    expect(sent(fake, 'input_audio_buffer.commit')).toHaveLength(0);
    expect(sent(fake, 'response.create')).toHaveLength(0);
    const all = await captionLines(app);
    const heard = Number(/\[speech, (\d+\.\d) seconds\]/.exec(all.join('\n'))![1]);
    // Silence before, the question (3.3 s with its room noise) and the VAD's pause: a whole question, one turn.
    expect(heard).toBeGreaterThan(2);
    expect(heard).toBeLessThan(6);
    expect(all.filter((l) => l.startsWith('You:'))).toHaveLength(1);

    // The reply's audio played to its last sample in the page's worklet.
    const reply = all.find((l) => l.startsWith('Lumen: '))!.slice('Lumen: '.length);
    await expect.poll(async () => (await player(app)).playedSamples, { timeout: LONG }).toBe(replySamples(reply));
    // Words as they stream are shown apart from the log, which only gets finished lines.
    await expect(app.getByTestId('captions-partial')).toBeEmpty();

    await app.getByRole('button', { name: 'End conversation' }).click();
    await expect(stateLine(app)).toHaveText('Conversation: Ended');
    await expect(app.getByTestId('live-polite')).toHaveText('Conversation ended.');
    // The microphone is off: the conversation's socket is closed, every event it carried already
    // counted, so nothing more can be sent on it.
    await expect.poll(() => sessionIds(fake).every((id) => fake.realtimeClosed.includes(id))).toBe(true);
  });
});

test.describe('when the service has retired models', () => {
  // The question comes once the successor is connected (the first attempt is refused first).
  test.use({ mic: [{ silenceMs: 4000 }, 'question', { silenceMs: 120_000 }] });

  test('gpt-realtime retired: the conversation starts on gpt-realtime-2.1-mini, and with no captions model it carries on and says so once', async ({
    app,
    fake
  }) => {
    expect(
      (await app.evaluate(() => window.lumen.settings.update({ models: { conversation: 'gpt-realtime' } }))).ok
    ).toBe(true);
    await prepare(app, fake);
    await expect
      .poll(async () => {
        const status = await app.evaluate(() => window.lumen.models.status());
        return status.ok && status.value.catalogue.source;
      })
      .toBe('service');
    // Past 2027-02-26: gpt-realtime (20 January) and every transcription model a voice session takes are gone.
    fake.setToday('2027-03-01');
    await startConversation(app);

    // Said (the speech log holds it clause by clause) and shown whole in the status log.
    const log = speechLog(app);
    const status = app.getByTestId('status-log');
    await expect(log).toContainText('gpt-realtime has been retired;');
    await expect(status).toContainText('gpt-realtime has been retired; Lumen now uses gpt-realtime-2.1-mini.');
    expect(fake.requests.filter((r) => r.path === '/v1/realtime').map((r) => r.query.model)).toEqual([
      'gpt-realtime',
      'gpt-realtime-2.1-mini'
    ]);
    await expect(status).toContainText('Captions of what you say are not available');

    // A whole spoken turn on the successor: Lumen answers aloud; only its own words are captioned.
    const lines = captions(app);
    await expect(lines).toContainText('Lumen: I heard about', { timeout: LONG });
    const all = await captionLines(app);
    expect(all.filter((l) => l.startsWith('You:'))).toHaveLength(0);
    const reply = all.find((l) => l.startsWith('Lumen: '))!.slice('Lumen: '.length);
    await expect.poll(async () => (await player(app)).playedSamples, { timeout: LONG }).toBe(replySamples(reply));
    const updates = sent(fake, 'session.update') as Array<
      SentEvent & { session: { audio?: { input?: { transcription?: unknown } } } }
    >;
    expect(updates.at(-1)!.session.audio!.input!.transcription).toBeNull();

    // Each said once, and the choice now names the successor.
    expect(await status.locator('li', { hasText: 'has been retired' }).count()).toBe(1);
    expect(await status.locator('li', { hasText: 'Captions of what you say are not available' }).count()).toBe(1);
    const saved = await app.evaluate(() => window.lumen.settings.get());
    expect(saved.ok && saved.value.models.conversation).toBe('gpt-realtime-2.1-mini');
  });
});

test.describe('speaking over a long reply', () => {
  // The question, a pause while the reply plays, then the question again over it.
  test.use({ mic: [{ silenceMs: 500 }, 'question', { silenceMs: 4500 }, 'question', { silenceMs: 120_000 }] });

  test('barge-in: playback stops, the truncate matches what the worklet played, and a new answer follows', async ({
    app,
    fake
  }, testInfo) => {
    fake.setTiming({ realtimeAudioRealtimeFactor: 1 });
    fake.setReply(LONG_REPLY);
    await prepare(app, fake);
    await startConversation(app);

    // The long reply is playing (a second of it)…
    await expect.poll(async () => (await player(app)).playedSamples, { timeout: LONG }).toBeGreaterThan(SAMPLE_RATE);
    // …when the question comes again: Lumen stops it and tells the service how much was heard.
    const [truncate] = (await waitForSent(fake, 'conversation.item.truncate')) as unknown as Array<{
      item_id: string;
      audio_end_ms: number;
    }>;
    fake.setReply('You cut me off, so I stopped.');
    const { lastStopped, lastStartAt: firstReplyStartedAt } = await player(app);
    expect(lastStopped!.id).toBeGreaterThanOrEqual(CONVERSATION_UTTERANCES);
    const playedMs = lastStopped!.played / SAMPLES_PER_MS;
    const difference = truncate!.audio_end_ms - playedMs;
    testInfo.annotations.push({
      type: 'barge-in',
      description: `truncate audio_end_ms ${truncate!.audio_end_ms}, worklet played ${playedMs.toFixed(1)} ms, difference ${difference.toFixed(1)} ms`
    });
    expect(Math.abs(difference)).toBeLessThanOrEqual(60);
    // Heard part way: well into the reply, well short of its end.
    expect(truncate!.audio_end_ms).toBeGreaterThan(1000);
    expect(truncate!.audio_end_ms).toBeLessThan(replySamples(LONG_REPLY) / SAMPLES_PER_MS - 5000);
    // The server's VAD cancelled the response itself; Lumen sent no cancel of its own.
    expect(sent(fake, 'response.cancel')).toHaveLength(0);

    await expect(captions(app)).toContainText('(cut off)');

    // The second question gets its own answer, played from its start…
    await expect(captions(app)).toContainText('Lumen: You cut me off, so I stopped.', { timeout: LONG });
    await expect.poll(async () => (await player(app)).lastStartAt, { timeout: LONG }).not.toBe(firstReplyStartedAt);
    // …and sound plays in the order it arrives: up to then, the interrupted reply played nothing more.
    expect((await playerDiagnostics(app)).playedAfterStop).toBe(0);
    const lumenLines = (await captionLines(app)).filter((l) => l.startsWith('Lumen:'));
    expect(lumenLines).toHaveLength(2);
    expect(lumenLines[0]).toMatch(/^Lumen: Here is part 1.*\(cut off\)$/);
  });
});

test('the line drops mid-reply (1006): Lumen reconnects, replays the conversation, and says so once', async ({
  app,
  fake,
  lumen
}) => {
  const firstReply = 'You said: My name is Sam';
  // The first reply arrives whole; the socket is cut (no close frame) half a second into the second.
  const firstDeltas = Math.ceil(speechPcmFor(firstReply).length / DELTA_BYTES);
  fake.inject('realtime', { kind: 'cut-stream', afterChunks: firstDeltas + 5 });
  await prepare(app, fake);
  await startConversation(app);

  await typeMessage(app, 'My name is Sam');
  await expect(captions(app)).toContainText(`Lumen: ${firstReply}`, { timeout: LONG });
  // Heard to the end, so nothing of it is forgotten.
  await expect.poll(async () => (await player(app)).playedSamples, { timeout: LONG }).toBe(replySamples(firstReply));

  await typeMessage(app, 'Tell me a long answer');
  await expect.poll(() => sessionIds(fake).length, { timeout: LONG }).toBe(2);
  await expect(stateLine(app)).toHaveText('Conversation: Listening', { timeout: LONG });
  expect(lumen.output()).toMatch(/realtime closed \{"code":1006/);
  await expect(app.getByTestId('status-log')).toContainText('Reconnecting…');

  // The new session was told the conversation so far, cut where the line dropped.
  const second = sessionIds(fake)[1];
  const replayed = fake.realtimeEvents
    .filter((r) => r.sessionId === second && r.event.type === 'conversation.item.create')
    .map((r) => {
      const item = r.event.item as { role: string; content: Array<{ text: string }> };
      return `${item.role}: ${item.content.map((c) => c.text).join(' ')}`;
    });
  expect(replayed.slice(0, 3)).toEqual([
    'user: My name is Sam',
    `assistant: ${firstReply}`,
    'user: Tell me a long answer'
  ]);
  expect(replayed[3]).toMatch(/^assistant: Here is .*…$/);
  expect(replayed).toHaveLength(4);

  // One short spoken note, and the cut-off reply is closed in the captions.
  await expect(speechLog(app)).toContainText('Reconnected; we can carry on.');
  await expect(captions(app)).toContainText(/Lumen: Here is .*\(cut off\)/);

  // The conversation carries on in the new session.
  await typeMessage(app, 'What is my name?');
  await expect(captions(app)).toContainText('Lumen: You said: What is my name?', { timeout: LONG });
  expect(
    fake.realtimeEvents.some(
      (r) =>
        r.sessionId === second &&
        r.event.type === 'conversation.item.create' &&
        r.event.item?.content?.[0]?.text === 'What is my name?'
    )
  ).toBe(true);
  expect(await speechLog(app).getByText('Reconnected; we can carry on.').count()).toBe(1);
  expect(realtimeConnections(fake)).toBe(2);
});

test('close 3000 (the key refused): no retry, and a spoken explanation', async ({ app, fake }) => {
  fake.inject('realtime', { kind: 'ws-close', code: 3000, after: 'session.update' });
  await prepare(app, fake);
  const states = await watchConversationStates(app);
  await app.getByRole('button', { name: 'Start conversation' }).click();
  await expect(speechLog(app)).toContainText('The service refused the API key', { timeout: LONG });
  await expect(stateLine(app)).toHaveText('Conversation: Ended');
  await expect(app.getByRole('button', { name: 'Start conversation' })).toBeVisible();
  // The close is answered at once by a retry, which starts by reconnecting, or by the end. It ended
  // without reconnecting, and an ended conversation connects again only when asked: one connection.
  await expect.poll(states, { timeout: LONG }).toContain('closed');
  expect(await states()).not.toContain('reconnecting');
  expect(realtimeConnections(fake)).toBe(1);
});

test('without a key the conversation does not start, and Lumen says why', async ({ app, fake }) => {
  await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  await app.getByRole('button', { name: 'Start conversation' }).click();
  await expect(speechLog(app)).toContainText('No API key is set, so Lumen cannot start a conversation.');
  await expect(stateLine(app)).toHaveText('Conversation: Ended');
  await expect(app.getByRole('button', { name: 'Start conversation' })).toBeVisible();
  expect(realtimeConnections(fake)).toBe(0);
});

test('a microphone Lumen may not use: the reason is spoken and the conversation ends', async ({ app, fake }) => {
  await app.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Denied', 'NotAllowedError'));
  });
  await app.reload();
  await prepare(app, fake);
  await app.getByRole('button', { name: 'Start conversation' }).click();
  await expect(speechLog(app)).toContainText('Lumen is not allowed to use the microphone.', { timeout: LONG });
  await expect(stateLine(app)).toHaveText('Conversation: Ended', { timeout: LONG });
  await expect(app.getByRole('button', { name: 'Start conversation' })).toBeVisible();
  expect(sent(fake, 'input_audio_buffer.append')).toHaveLength(0);
});

test('"take a look": the model calls look, the fake camera’s frame goes in as input_image, and the answer names its colour', async ({
  app,
  fake
}) => {
  fake.requestFunctionCall('look', { source: 'camera' });
  await prepare(app, fake);
  await startConversation(app);
  await typeMessage(app, 'What is in front of me now?');

  const colour = colourName(...CAMERA.rgb);
  await expect(captions(app)).toContainText(`mostly ${colour}`, { timeout: LONG });
  await expect(app.getByTestId('status-log')).toContainText('Looking through the camera…');
  const items = sent(fake, 'conversation.item.create').map((e) => e.item as Record<string, unknown>);
  expect(items.some((i) => i.type === 'function_call_output')).toBe(true);
  const images = items.flatMap((i) =>
    ((i.content as Array<{ type: string; image_url?: string }> | undefined) ?? []).filter(
      (c) => c.type === 'input_image'
    )
  );
  expect(images).toHaveLength(1);
  expect(images[0]!.image_url).toMatch(/^data:image\/jpeg;base64,/);
  await expect(captions(app)).toContainText(`${CAMERA.width}×${CAMERA.height}`);
});

test('"Show camera" and "Show screen" put the picture in the conversation and Lumen answers about it', async ({
  app,
  fake
}) => {
  await stubScreen(app, { width: 1280, height: 720, name: 'Holiday photos' }, (c, width, height) => {
    c.fillStyle = '#808080';
    c.fillRect(0, 0, width, height);
  });
  await prepare(app, fake);
  await startConversation(app);

  await app.getByRole('button', { name: 'Show camera' }).click();
  await expect(captions(app)).toContainText(`mostly ${colourName(...CAMERA.rgb)}`, { timeout: LONG });
  await app.getByRole('button', { name: 'Show screen' }).click();
  // A 16:9 screen goes out as 1024×576 (see src/shared/image-size.ts).
  await expect(captions(app)).toContainText('1024×576', { timeout: LONG });
  await expect(captions(app)).toContainText('mostly grey');

  const shown = sent(fake, 'conversation.item.create').map(
    (e) => (e.item as { content: Array<{ type: string; text?: string }> }).content
  );
  expect(shown.map((content) => content.map((c) => c.text ?? c.type).join(' + '))).toEqual([
    'A picture of my camera. + input_image',
    'A picture of my screen. + input_image'
  ]);
  expect(sent(fake, 'response.create')).toHaveLength(2);
});

test.describe('push to talk', () => {
  test.use({ mic: [{ silenceMs: 300 }, 'question', { silenceMs: 120_000 }] });

  test('chosen in Settings; holding Space on "Hold to talk" sends one turn; mute; axe finds nothing', async ({
    app,
    fake
  }) => {
    await prepare(app, fake);
    await openSettings(app, 'Conversation');
    const section = app.getByRole('region', { name: 'Conversation' });
    await section.getByLabel('How you take turns').selectOption('push-to-talk');
    await section.getByLabel('Quiet minutes before the conversation ends itself').fill('200');
    await section.getByRole('button', { name: 'Save conversation settings' }).click();
    await expect(app.getByTestId('live-assertive')).toContainText('whole number from 0 to 120');
    await expect(section.getByLabel('Quiet minutes before the conversation ends itself')).toHaveAttribute(
      'aria-invalid',
      'true'
    );
    await section.getByLabel('Quiet minutes before the conversation ends itself').fill('10');
    await section.getByRole('button', { name: 'Save conversation settings' }).click();
    await expect(app.getByTestId('live-polite')).toHaveText('Conversation settings saved.');
    const saved = await app.evaluate(() => window.lumen.settings.get());
    expect(saved.ok && saved.value.conversation).toEqual({
      mode: 'push-to-talk',
      turnDetection: 'server_vad',
      idleMinutes: 10,
      captions: true
    });
    expect(await axe(app)).toEqual([]);

    await app.getByRole('button', { name: 'Home', exact: true }).click();
    await startConversation(app);
    const talk = app.getByRole('button', { name: 'Hold to talk' });
    await talk.focus();
    await app.keyboard.down('Space');
    await expect(talk).toHaveAttribute('aria-pressed', 'true');
    await waitForSent(fake, 'input_audio_buffer.clear');
    // Held until the service has the whole question (it ends 3.6 s after the microphone opened, and the
    // microphone sends 40 ms chunks), however slowly the machine moves it along.
    await waitForSent(fake, 'input_audio_buffer.append', Math.ceil((3600 + 400) / 40));
    await app.keyboard.up('Space');
    await expect(talk).toHaveAttribute('aria-pressed', 'false');
    await waitForSent(fake, 'input_audio_buffer.commit');
    await waitForSent(fake, 'response.create');
    await expect(captions(app)).toContainText('Lumen: I heard about', { timeout: LONG });
    // In push-to-talk mode the service does no turn detection of its own.
    const update = sent(fake, 'session.update').at(-1) as unknown as {
      session: { audio: { input: { turn_detection: unknown } } };
    };
    expect(update.session.audio.input.turn_detection).toBeNull();

    const mute = app.getByRole('button', { name: 'Mute' });
    await mute.click();
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    await expect(stateLine(app)).toHaveText('Conversation: Muted');
    await expect(app.getByTestId('live-polite')).toHaveText('Muted');

    for (const scheme of ['light', 'dark'] as const) {
      await app.emulateMedia({ colorScheme: scheme });
      expect(await axe(app)).toEqual([]);
    }
  });
});
