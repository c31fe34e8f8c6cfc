import type { Page } from '@playwright/test';
import { afterSoundSoFar, expect, playerDiagnostics, test } from './fixtures';

/** The timing the benchmarks use: first token 400 ms, 40 tokens/s, TTS first byte 250 ms, real-time audio. */
const REALISTIC = { chatFirstTokenMs: 400, chatTokensPerSecond: 40, ttsFirstByteMs: 250, ttsBytesPerSecond: 48_000 };

async function useKey(app: Page, key: string) {
  const result = await app.evaluate((k) => window.lumen.secrets.setKey({ key: k }), key);
  expect(result.ok).toBe(true);
}

interface AnswerDone {
  text: string;
  /** Samples the worklet had played when the service finished streaming the text. */
  playedAtDone: number;
}

/** Asks through the page's own form; the page records, at the moment it happens, how the answer ended. */
async function ask(app: Page, question: string) {
  await app.evaluate(() => {
    const w = window as unknown as { answerDone?: AnswerDone };
    window.lumen.on('answer.done', ({ text }) => {
      w.answerDone = { text, playedAtDone: window.lumenDiagnostics?.player?.playedSamples ?? 0 };
    });
  });
  await app.getByLabel('Question').fill(question);
  await app.getByRole('button', { name: 'Ask', exact: true }).click();
}

/** Waits for the answer.done event itself (not for something shown before it) and returns what it carried. */
async function answerDone(app: Page): Promise<AnswerDone> {
  const read = () => app.evaluate(() => (window as unknown as { answerDone?: AnswerDone }).answerDone ?? null);
  await expect.poll(read, { timeout: 20_000 }).not.toBeNull();
  return (await read())!;
}

const played = (app: Page) => app.evaluate(() => window.lumenDiagnostics?.player?.playedSamples ?? 0);

/** Out-of-band Realtime responses: the OpenAI voice reading one sentence each. */
function sentencesRead(fake: { realtimeEvents: Array<{ event: any }> }): string[] {
  return fake.realtimeEvents
    .map((r) => r.event)
    .filter((e) => e.type === 'response.create' && e.response?.conversation === 'none')
    .map((e) => e.response.input[0].content[0].text as string);
}

test('with the speech endpoint gone, a six-sentence answer is read by a Realtime voice from its first sentence; a number said wrongly is said again offline', async ({
  app,
  fake
}) => {
  await useKey(app, fake.apiKey);
  // The speech endpoint's models shut down on 2027-01-06.
  fake.setToday('2027-01-07');
  // Half the benchmark's token rate: the text takes about five seconds, so even a loaded test machine
  // shows sound before the end of the text (the benchmark measures the real profile).
  fake.setTiming({ ...REALISTIC, chatTokensPerSecond: 20 });
  fake.setReply(
    'The bus at the stop is the number 42. It is blue and white. The doors are open. Two people are getting on. The driver is waving. That is the end of the long answer.'
  );
  // The voice says one sentence in its own words, with another number.
  fake.setReword((text) => (text.includes('42') ? text.replace('42', '24') : null));
  await ask(app, 'Please give a long answer.');
  const done = await answerDone(app);
  expect(done.text).toContain('That is the end of the long answer.');
  // Sound came out of the worklet before the service had finished streaming the text.
  expect(done.playedAtDone).toBeGreaterThan(0);
  expect(fake.requests.filter((r) => r.path === '/v1/audio/speech')).toEqual([]);
  const voice = fake.requests.filter((r) => r.path === '/v1/realtime');
  expect(voice).toHaveLength(1);
  expect(voice[0]!.query.model).toBe('gpt-realtime-2.1-mini');
  // The first sentence read carries only the opening clause or sentence, not the answer so far.
  await expect.poll(() => sentencesRead(fake).length).toBeGreaterThanOrEqual(6);
  const firstSentence = done.text.split(/(?<=\.)\s/)[0]!;
  const first = sentencesRead(fake)[0]!;
  expect(firstSentence.startsWith(first)).toBe(true);
  expect(first).toMatch(/[,.]$/);
  // Each sentence was checked against what the voice said; the one with a changed number was said again.
  const readBack = async () => {
    const usage = await app.evaluate(() => window.lumen.usage.get());
    return usage.ok ? usage.value.readBack : null;
  };
  await expect.poll(readBack).toMatchObject({ differed: 1, repeated: 1 });
  expect((await readBack())!.sentences).toBe(sentencesRead(fake).length);
});

test('stop silences playback at once, empties the queue and cancels the request', async ({ app, fake }) => {
  await useKey(app, fake.apiKey);
  fake.setTiming(REALISTIC);
  // Long enough (about ten seconds of streaming) that the request is still running when Escape comes.
  fake.setReply(Array.from({ length: 40 }, (_, i) => `This is sentence number ${i + 1} of a long answer.`).join(' '));
  await ask(app, 'Please give a long answer.');
  await expect.poll(() => played(app), { timeout: 15_000 }).toBeGreaterThan(2400);
  const stops = () => app.evaluate(() => window.lumenDiagnostics?.player?.stopLatenciesMs.length ?? 0);
  const before = await stops();
  await app.keyboard.press('Escape');
  await expect.poll(stops).toBe(before + 1);
  const chat = await fake.waitFor((r) => r.path === '/v1/chat/completions');
  await expect.poll(() => chat.aborted).toBe(true);
  const state = await app.evaluate(() => window.lumen.speech.control({ action: 'resume' }));
  expect(state).toEqual({ ok: true, value: expect.objectContaining({ speaking: false, queued: 0 }) });
  await expect(app.getByTestId('live-polite')).toHaveText('Stopped.');
  // Nothing of the stopped answer plays after the stop, up to the next words Lumen says.
  await afterSoundSoFar(app);
  expect((await playerDiagnostics(app)).playedAfterStop).toBe(0);
});

test('in screen-reader mode each sentence reaches the live log once, in order', async ({ app, fake }) => {
  await useKey(app, fake.apiKey);
  const updated = await app.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader' } }));
  expect(updated.ok).toBe(true);
  await ask(app, 'Please give a long answer.');
  const answer = (await answerDone(app)).text;
  const log = app.getByTestId('speech-log');
  await expect(log.locator('p').last()).toHaveText('That is the end of the long answer.');
  const entries = await log.locator('p').allTextContents();
  expect(entries.join(' ')).toBe(answer.replace(/\s+/g, ' ').trim());
  expect(entries.length).toBeGreaterThanOrEqual(6);
  expect(new Set(entries).size).toBe(entries.length);
  expect(await log.getAttribute('role')).toBe('log');
  expect(fake.requests.filter((r) => r.path === '/v1/audio/speech')).toEqual([]);
});

test('without a key the answer says how to add one, in the offline voice', async ({ app, fake }) => {
  await ask(app, 'What is in front of me?');
  await expect(app.getByTestId('status-log')).toContainText('No API key is set. Open Settings');
  await expect.poll(() => played(app), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(fake.requests.filter((r) => r.path !== '/v1/models')).toEqual([]);
});

test('when the OpenAI voice refuses mid-answer, the rest is spoken offline and the user is told once', async ({
  app,
  fake
}) => {
  await useKey(app, fake.apiKey);
  fake.inject('realtime', { kind: 'status', status: 401 }, 100);
  await ask(app, 'Please give a long answer.');
  await expect(app.getByTestId('status-log')).toContainText('Continuing with the offline voice.');
  await expect.poll(() => played(app), { timeout: 15_000 }).toBeGreaterThan(0);
  const notes = await app.getByTestId('status-log').locator('li', { hasText: 'Continuing with' }).count();
  expect(notes).toBe(1);
});
