import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../tests/fakes/openai';
import { openLumen } from './lumen-in-chromium';
import { summarize, type Summary } from './stats';

/**
 * The chat profile (the first word 400 ms after the request, 40 tokens/s) and a Realtime
 * voice whose first audio comes 250 ms after response.create (the old TTS profile's first byte), its
 * audio at real time. The 400 ms stand for the service's whole wait before the first word, as in
 * the measures before the Realtime voice, so the comparison isolates the voice.
 */
export const SPEECH_TIMING = {
  chatFirstTokenMs: 400,
  chatTokensPerSecond: 40,
  reasoningTokensPerSecond: Infinity,
  realtimeResponseDelayMs: 250,
  realtimeAudioRealtimeFactor: 1
};
/** The same, with gpt-6.1-terra's low-effort thinking (16 tokens) paced like its words, before the first word. */
const THINKING_TIMING = { ...SPEECH_TIMING, reasoningTokensPerSecond: 40 };
/** The service's date: the speech endpoint's models shut down on 2027-01-06, so only Realtime can speak. */
export const SPEECH_TODAY = '2027-01-07';
/** The model the naive path reads with: the one Lumen's model service chooses for the voice. */
const VOICE_MODEL = 'gpt-realtime-2.1-mini';
/** Marks the naive client's sockets in the fake's request log, so Lumen's own are counted apart. */
const NAIVE_HEADER = 'x-bench-client';
const RUNS = 9;
const STOPS = 20;
const QUESTION = 'Please give a long answer.';

export interface SpeechBenchResult {
  name: 'speech';
  timing: typeof SPEECH_TIMING;
  today: string;
  runs: number;
  /** What Lumen sent: its answer's model and reasoning effort, and the voice's model and voice. */
  answer: { model: string; reasoningEffort: string | null };
  voice: { model: string; voice: string };
  /** Question sent → first sample played by the worklet, through web host, core, fake chat and Realtime voice. */
  lumenFirstSampleMs: Summary;
  /**
   * The same chat request as Lumen's, the whole answer first, then that whole text read by one
   * out-of-band Realtime response on a fresh WebSocket: time to its first audio delta (a lower bound).
   */
  naiveFirstAudioMs: Summary;
  /**
   * The naive path's parts: question → the answer's first words (the service's own wait, which both
   * paths share), → the whole answer, then the fresh socket → its first audio delta.
   */
  naiveFirstWordMs: Summary;
  naiveAnswerMs: Summary;
  naiveVoiceMs: Summary;
  /** Naive p50 / Lumen p50. */
  speedup: number;
  /** The same comparison with the model's thinking taking time before its first word (both paths wait for it). */
  withThinking: { lumenFirstSampleMs: Summary; naiveFirstAudioMs: Summary; speedup: number };
  /** The same ratio counted from the answer's first words (both medians less naiveFirstWordMs p50). */
  speedupAfterFirstWord: number;
  /** Stop reaching the player → worklet silent, the Realtime voice speaking. */
  stopToSilenceAtWorkletMs: Summary;
  /** Stop pressed in the page → worklet silent (adds the trip to the host and back). */
  stopToSilenceFromPageMs: Summary;
  /** Lumen's voice WebSocket: how often it was opened for how many utterances and sentences. */
  voiceSocket: {
    opens: number;
    opensDuringAnswers: number;
    opensDuringStops: number;
    utterances: number;
    sentencesAsked: number;
    cancels: number;
  };
  /** Requests to the old speech endpoint (must be 0) and speech-endpoint models the service listed. */
  speechEndpointRequests: number;
  speechEndpointModelsListed: string[];
}

const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;

const isLumenVoiceSocket = (r: RecordedRequest) => r.path === '/v1/realtime' && !r.headers[NAIVE_HEADER];

/** Client events Lumen's voice sent (its event ids start lumen_voice_), of one type. */
function lumenVoiceEvents(fake: FakeOpenAI, type: string): any[] {
  return fake.realtimeEvents
    .map((r) => r.event)
    .filter((e) => e?.type === type && String(e.event_id ?? '').startsWith('lumen_voice_'));
}

/** Lumen's voice sessions, recognised by their events; `response.cancel` carries no event id. */
function lumenSessions(fake: FakeOpenAI): Set<string> {
  return new Set(
    fake.realtimeEvents
      .filter((r) => String(r.event?.event_id ?? '').startsWith('lumen_voice_'))
      .map((r) => r.sessionId)
  );
}

/** The whole answer's text, and when its first words arrived (ms after `start`). */
async function wholeAnswer(
  fake: FakeOpenAI,
  body: unknown,
  start: number
): Promise<{ text: string; firstWord: number }> {
  const chat = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  });
  if (!chat.ok) throw new Error(`naive chat request: ${chat.status} ${await chat.text()}`);
  let text = '';
  let firstWord = 0;
  const decoder = new TextDecoder();
  let pending = '';
  const reader = chat.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    pending += decoder.decode(read.value, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      text += JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '';
      if (text && !firstWord) firstWord = performance.now() - start;
    }
  }
  return { text, firstWord };
}

/** A fresh socket, the session Lumen's voice asked for, one out-of-band response reading `text`. */
function readAloud(fake: FakeOpenAI, session: any, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${fake.realtimeURL}?model=${VOICE_MODEL}`, {
      headers: { Authorization: `Bearer ${fake.apiKey}`, [NAIVE_HEADER]: 'naive' },
      perMessageDeflate: false
    });
    const timer = setTimeout(() => finish(new Error('naive voice: no audio within 20 s')), 20_000);
    const finish = (error?: Error) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.close();
      if (error) reject(error);
      else resolve();
    };
    ws.on('error', (error) => finish(error));
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'session.update', event_id: 'naive_session', session }));
      ws.send(
        JSON.stringify({
          type: 'response.create',
          event_id: 'naive_response',
          response: {
            conversation: 'none',
            output_modalities: ['audio'],
            instructions: session.instructions,
            input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }]
          }
        })
      );
    });
    ws.on('message', (data) => {
      const event = JSON.parse(String(data));
      if (event.type === 'response.output_audio.delta') finish();
      else if (event.type === 'error') finish(new Error(`naive voice: ${JSON.stringify(event.error)}`));
    });
  });
}

async function naiveOnce(fake: FakeOpenAI, chatBody: unknown, session: any) {
  const start = performance.now();
  const { text, firstWord } = await wholeAnswer(fake, chatBody, start);
  const answered = performance.now();
  await readAloud(fake, session, text);
  const firstAudio = performance.now();
  return { total: firstAudio - start, firstWord, answer: answered - start, voice: firstAudio - answered };
}

async function lumenOnce(page: Page): Promise<number> {
  return page.evaluate(async (question) => {
    const diag = window.lumenDiagnostics!.player!;
    const before = diag.lastStartAt;
    const start = Date.now();
    const asked = await window.lumen.assistant.ask({ question });
    if (!asked.ok) throw new Error(asked.error.message);
    while (diag.lastStartAt === before) await new Promise((r) => setTimeout(r, 2));
    const elapsed = diag.lastStartAt! - start;
    await window.lumen.assistant.stop();
    return elapsed;
  }, QUESTION);
}

async function stopOnce(page: Page): Promise<{ worklet: number; page: number }> {
  return page.evaluate(async () => {
    const diag = window.lumenDiagnostics!.player!;
    const started = diag.lastStartAt;
    await window.lumen.speech.speak({ text: 'This sentence is here to be interrupted. It keeps going for a while.' });
    while (diag.lastStartAt === started) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 100));
    const count = diag.stopLatenciesMs.length;
    const pressed = performance.now();
    await window.lumen.speech.control({ action: 'stop' });
    while (diag.stopLatenciesMs.length === count) await new Promise((r) => setTimeout(r, 1));
    return { worklet: diag.stopLatenciesMs.at(-1)!, page: diag.lastStoppedAt! - pressed };
  });
}

export async function benchSpeech(): Promise<SpeechBenchResult> {
  const fake = await startFakeOpenAI({ timing: SPEECH_TIMING, today: SPEECH_TODAY });
  // What the service offers on that day: none of the speech endpoint's models.
  const listed = (await (
    await fetch(`${fake.baseURL}/models`, { headers: { Authorization: `Bearer ${fake.apiKey}` } })
  ).json()) as { data: Array<{ id: string }> };
  const speechEndpointModelsListed = listed.data
    .map((m) => m.id)
    .filter((id) => /^(tts-1|tts-1-hd|gpt-4o-mini-tts)$/.test(id));
  const { page, close } = await openLumen(fake);
  try {
    let answerRequest: RecordedRequest | undefined;
    /** Lumen and the naive path, one after the other, RUNS times, in the fake's current timing. */
    const compare = async () => {
      const lumen: number[] = [];
      const naive: Array<Awaited<ReturnType<typeof naiveOnce>>> = [];
      for (let i = 0; i < RUNS; i++) {
        const before = fake.requests.length;
        lumen.push(await lumenOnce(page));
        answerRequest = fake.requests.slice(before).find((r) => r.path === '/v1/chat/completions');
        if (!answerRequest) throw new Error('Lumen sent no chat request');
        const session = lumenVoiceEvents(fake, 'session.update').at(-1)?.session;
        if (!session) throw new Error('Lumen’s voice sent no session.update: the Realtime voice did not speak');
        // Lumen's request, replayed: same model, reasoning effort and messages.
        naive.push(await naiveOnce(fake, answerRequest.body, session));
      }
      return { lumen, naive };
    };
    const { lumen, naive } = await compare();
    fake.setTiming(THINKING_TIMING);
    const thinking = await compare();
    fake.setTiming(SPEECH_TIMING);
    const opensAfterAnswers = fake.requests.filter(isLumenVoiceSocket).length;
    const worklet: number[] = [];
    const fromPage: number[] = [];
    for (let i = 0; i < STOPS; i++) {
      const s = await stopOnce(page);
      worklet.push(s.worklet);
      fromPage.push(s.page);
    }
    // Let the last cancel reach the service before counting.
    await new Promise((r) => setTimeout(r, 300));

    const opens = fake.requests.filter(isLumenVoiceSocket);
    const wrongModel = opens.filter((r) => r.query.model !== VOICE_MODEL);
    if (wrongModel.length) throw new Error(`Lumen's voice opened ${wrongModel[0]!.query.model}, not ${VOICE_MODEL}`);
    const speechEndpointRequests = fake.requests.filter((r) => r.path === '/v1/audio/speech').length;
    if (speechEndpointRequests) throw new Error(`${speechEndpointRequests} requests went to /v1/audio/speech`);
    const sentencesAsked = lumenVoiceEvents(fake, 'response.create').filter(
      (e) => e.response?.conversation === 'none'
    ).length;
    // Every utterance was read by the Realtime voice: at least one out-of-band response each.
    if (opens.length === 0 || sentencesAsked < 2 * RUNS + STOPS)
      throw new Error(`The Realtime voice read ${sentencesAsked} sentences for ${2 * RUNS + STOPS} utterances`);
    const sessions = lumenSessions(fake);
    const cancels = fake.realtimeEvents.filter(
      (r) => sessions.has(r.sessionId) && r.event?.type === 'response.cancel'
    ).length;
    const session = lumenVoiceEvents(fake, 'session.update').at(-1)!.session;
    const body = answerRequest!.body as { model: string; reasoning_effort?: string };

    const lumenSummary = summarize(lumen);
    const naiveSummary = summarize(naive.map((n) => n.total));
    const firstWord = summarize(naive.map((n) => n.firstWord));
    return {
      name: 'speech',
      timing: SPEECH_TIMING,
      today: SPEECH_TODAY,
      runs: RUNS,
      answer: { model: body.model, reasoningEffort: body.reasoning_effort ?? null },
      voice: { model: VOICE_MODEL, voice: String(session.audio?.output?.voice ?? '') },
      lumenFirstSampleMs: lumenSummary,
      naiveFirstAudioMs: naiveSummary,
      naiveFirstWordMs: firstWord,
      naiveAnswerMs: summarize(naive.map((n) => n.answer)),
      naiveVoiceMs: summarize(naive.map((n) => n.voice)),
      speedup: ratio(naiveSummary.p50, lumenSummary.p50),
      withThinking: {
        lumenFirstSampleMs: summarize(thinking.lumen),
        naiveFirstAudioMs: summarize(thinking.naive.map((n) => n.total)),
        speedup: ratio(summarize(thinking.naive.map((n) => n.total)).p50, summarize(thinking.lumen).p50)
      },
      speedupAfterFirstWord: ratio(naiveSummary.p50 - firstWord.p50, lumenSummary.p50 - firstWord.p50),
      stopToSilenceAtWorkletMs: summarize(worklet),
      stopToSilenceFromPageMs: summarize(fromPage),
      voiceSocket: {
        opens: opens.length,
        opensDuringAnswers: opensAfterAnswers,
        opensDuringStops: opens.length - opensAfterAnswers,
        utterances: 2 * RUNS + STOPS,
        sentencesAsked,
        cancels
      },
      speechEndpointRequests,
      speechEndpointModelsListed
    };
  } finally {
    await close();
    await fake.close();
  }
}
