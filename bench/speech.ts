import type { Page } from '@playwright/test';
import { startFakeOpenAI } from '../tests/fakes/openai';
import { openLumen } from './lumen-in-chromium';
import { summarize, type Summary } from './stats';

/** The profile: first token 400 ms, 40 tokens/s, TTS first byte 250 ms, audio at real time. */
export const SPEECH_TIMING = {
  chatFirstTokenMs: 400,
  chatTokensPerSecond: 40,
  ttsFirstByteMs: 250,
  ttsBytesPerSecond: 48_000
};
const RUNS = 5;
const STOPS = 20;
const QUESTION = 'Please give a long answer.';

export interface SpeechBenchResult {
  name: 'speech';
  timing: typeof SPEECH_TIMING;
  runs: number;
  /** Question sent → first sample played by the worklet, through web host, core, fake service, TTS. */
  lumenFirstSampleMs: Summary;
  /** Whole answer first, then TTS of all of it: time to its first audio byte (a lower bound). */
  naiveFirstAudioMs: Summary;
  speedup: number;
  /** Stop reaching the player → worklet silent. */
  stopToSilenceAtWorkletMs: Summary;
  /** Stop pressed in the page → worklet silent (adds the trip to the host and back). */
  stopToSilenceFromPageMs: Summary;
}

async function naiveOnce(baseURL: string, key: string): Promise<number> {
  const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
  const start = performance.now();
  const chat = await fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: QUESTION }] })
  });
  let text = '';
  const decoder = new TextDecoder();
  let pending = '';
  const body = chat.body!.getReader();
  for (let read = await body.read(); !read.done; read = await body.read()) {
    pending += decoder.decode(read.value, { stream: true });
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      text += JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '';
    }
  }
  const tts = await fetch(`${baseURL}/audio/speech`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: text, response_format: 'pcm' })
  });
  const reader = tts.body!.getReader();
  await reader.read();
  const firstAudio = performance.now() - start;
  await reader.cancel();
  return firstAudio;
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
  const fake = await startFakeOpenAI({ timing: SPEECH_TIMING });
  const { page, close } = await openLumen(fake);
  try {
    const lumen: number[] = [];
    const naive: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      lumen.push(await lumenOnce(page));
      naive.push(await naiveOnce(fake.baseURL, fake.apiKey));
    }
    fake.setTiming({ ttsFirstByteMs: 0, chatFirstTokenMs: 0 });
    const worklet: number[] = [];
    const fromPage: number[] = [];
    for (let i = 0; i < STOPS; i++) {
      const s = await stopOnce(page);
      worklet.push(s.worklet);
      fromPage.push(s.page);
    }
    const lumenSummary = summarize(lumen);
    const naiveSummary = summarize(naive);
    return {
      name: 'speech',
      timing: SPEECH_TIMING,
      runs: RUNS,
      lumenFirstSampleMs: lumenSummary,
      naiveFirstAudioMs: naiveSummary,
      speedup: Math.round((naiveSummary.p50 / lumenSummary.p50) * 100) / 100,
      stopToSilenceAtWorkletMs: summarize(worklet),
      stopToSilenceFromPageMs: summarize(fromPage)
    };
  } finally {
    await close();
    await fake.close();
  }
}
