import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { micRecording, type MicPart } from '../tests/e2e/mic-recording';
import { openLumen } from './lumen-in-chromium';
import { createCore } from '../src/core/app';
import { createSecretStore, MemoryKeyVault } from '../src/core/secrets';
import { AudioFrame, decodeAudioFrame, encodePlayedFrame } from '../src/shared/audio-frames';
import { startFakeOpenAI, REALISTIC_TIMING } from '../tests/fakes/openai';
import { weatherPcm } from '../tests/fakes/openai/test-helpers';
import { summarize, type Summary } from './stats';

const TURNS = 12;
const BARGE_INS = 12;
const CHUNK_BYTES = 1920; // 40 ms of 24 kHz PCM16

export interface ConversationBenchResult {
  name: 'conversation';
  timing: { realtimeResponseDelayMs: number };
  /** A microphone chunk handed to core → its input_audio_buffer.append leaving on the socket. */
  micChunkToSendMs: Summary;
  /** A reply audio delta arriving on the socket → its PCM frame handed to the window's audio stream. */
  replyDeltaToPlayerMs: Summary;
  /** input_audio_buffer.speech_started arriving → the stop frame handed to the window's audio stream. */
  speechStartedToStopMs: Summary;
  /** speech_stopped arriving → the first reply PCM frame handed to the window, minus the service's own delay. */
  addedPerTurnMs: Summary;
  /**
   * The whole product path in headless Chromium (web host, fake microphone playing the recorded
   * question): the service's speech_stopped sent → the page's worklet plays the reply's first
   * sample, minus the service's configured delay.
   */
  browser: { addedPerTurnMs: Summary; realtimeAudioRealtimeFactor: number };
}

/** When each kind of event arrives on, and each kind of message leaves by, any WebSocket of this process. */
function watchSockets() {
  const arrived: Array<{ type: string; at: number }> = [];
  const sent: Array<{ type: string; at: number }> = [];
  /** The same sends on the wall clock, to compare with times taken in another process. */
  const sentWall: Array<{ type: string; at: number }> = [];
  const send = WebSocket.prototype.send;
  const emit = WebSocket.prototype.emit;
  const typeOf = (data: unknown) => String(data).match(/^\{"type":"([^"]+)"/)?.[1] ?? '';
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    sent.push({ type: typeOf(data), at: performance.now() });
    sentWall.push({ type: typeOf(data), at: Date.now() });
    return (send as (...a: unknown[]) => void).call(this, data, ...rest);
  } as typeof send;
  WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]) {
    // Only the client side: the fake's server sockets have no URL.
    if (event === 'message' && this.url) arrived.push({ type: typeOf(args[0]), at: performance.now() });
    return emit.call(this, event, ...args);
  } as typeof emit;
  return {
    arrived,
    sent,
    sentWall,
    restore() {
      WebSocket.prototype.send = send;
      WebSocket.prototype.emit = emit;
    }
  };
}

const BROWSER_TURNS = 8;
/** Between questions, long enough for each reply to finish playing, so no turn barges in. */
const BROWSER_GAP_MS = 7000;

/** Turns spoken by the fake microphone into Lumen in Chromium; the fake's sends are timed in this process. */
async function browserTurns(sockets: ReturnType<typeof watchSockets>): Promise<ConversationBenchResult['browser']> {
  const timing = { ...REALISTIC_TIMING };
  const fake = await startFakeOpenAI({ timing });
  const dir = await mkdtemp(join(tmpdir(), 'lumen-voice-bench-'));
  const wav = join(dir, 'mic.wav');
  const parts: MicPart[] = [{ silenceMs: 1500 }];
  for (let i = 0; i < BROWSER_TURNS + 1; i++) parts.push('question', { silenceMs: BROWSER_GAP_MS });
  await writeFile(wav, micRecording(parts));
  const { page, close } = await openLumen(fake, undefined, [`--use-file-for-fake-audio-capture=${wav}%noloop`]);
  try {
    await page.evaluate(() => window.lumen.settings.update({ speech: { provider: 'screen-reader', earcons: false } }));
    const from = sockets.sentWall.length;
    await page.getByRole('button', { name: 'Start conversation' }).click();
    const starts: number[] = [];
    const deadline = Date.now() + (BROWSER_TURNS + 2) * (BROWSER_GAP_MS + 4000);
    while (starts.length < BROWSER_TURNS + 1 && Date.now() < deadline) {
      const at = await page.evaluate(() => window.lumenDiagnostics?.player?.lastStartAt ?? null);
      if (at !== null && at !== starts.at(-1)) starts.push(at);
      await new Promise((r) => setTimeout(r, 20));
    }
    const stops = sockets.sentWall.slice(from).filter((s) => s.type === 'input_audio_buffer.speech_stopped');
    if (starts.length < BROWSER_TURNS + 1 || stops.length < starts.length)
      throw new Error(`voice bench: ${starts.length} replies played for ${stops.length} turns`);
    // The first turn warms up the connection and the worklet.
    const added = starts.slice(1).map((start, i) => start - stops[i + 1]!.at - timing.realtimeResponseDelayMs);
    return { addedPerTurnMs: summarize(added), realtimeAudioRealtimeFactor: timing.realtimeAudioRealtimeFactor };
  } finally {
    await close();
    await fake.close();
  }
}

export async function benchConversation(): Promise<ConversationBenchResult> {
  const timing = { ...REALISTIC_TIMING, realtimeAudioRealtimeFactor: 0 };
  const fake = await startFakeOpenAI({ timing });
  const sockets = watchSockets();
  const core = await createCore({
    host: 'web',
    version: 'bench',
    platform: process.platform,
    secrets: createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL }),
    settingsStore: { read: async () => undefined, write: async () => {} },
    env: { OPENAI_BASE_URL: fake.baseURL }
  });
  await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  // The window's player, played by the bench: records when frames are handed over, reports "stopped".
  const frames: Array<{ type: number; utterance: number; at: number }> = [];
  const speaker = core.router.openStream('speech.audio', {
    send(chunk) {
      const frame = decodeAudioFrame(chunk)!;
      frames.push({ type: frame.type, utterance: frame.utterance, at: performance.now() });
      if (frame.type === AudioFrame.stop && speaker.ok) {
        const last = frames.findLast((f) => f.type === AudioFrame.pcm);
        if (last) speaker.value.onData(encodePlayedFrame(AudioFrame.stopped, last.utterance, 2400));
      }
    },
    close() {}
  });
  const mic = core.router.openStream('conversation.mic', { send() {}, close() {} });
  if (!speaker.ok || !mic.ok) throw new Error('streams refused');
  const until = async (check: () => boolean, what: string) => {
    const deadline = Date.now() + 15_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`voice bench: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  const micChunk: number[] = [];
  const speak = (pcm: Buffer) => {
    for (let off = 0; off < pcm.byteLength; off += CHUNK_BYTES) {
      const before = sockets.sent.length;
      const at = performance.now();
      mic.value.onData(pcm.subarray(off, off + CHUNK_BYTES));
      const out = sockets.sent.slice(before).find((s) => s.type === 'input_audio_buffer.append');
      if (out) micChunk.push(out.at - at);
    }
  };

  try {
    await core.router.invoke('conversation.start', {});
    const turn = weatherPcm(300, 800).pcm;
    const added: number[] = [];
    const deltaToPlayer: number[] = [];
    for (let i = 0; i < TURNS + 1; i++) {
      const arrivedFrom = sockets.arrived.length;
      const framesFrom = frames.length;
      speak(turn);
      await until(() => sockets.arrived.slice(arrivedFrom).some((a) => a.type === 'response.done'), 'a reply');
      await new Promise((r) => setTimeout(r, 50));
      if (i === 0) continue; // warm-up
      const arrived = sockets.arrived.slice(arrivedFrom);
      const stopped = arrived.find((a) => a.type === 'input_audio_buffer.speech_stopped')!;
      const pcm = frames.slice(framesFrom).filter((f) => f.type === AudioFrame.pcm);
      added.push(pcm[0]!.at - stopped.at - timing.realtimeResponseDelayMs);
      const deltas = arrived.filter((a) => a.type === 'response.output_audio.delta');
      // Deltas and frames pair one to one, in order.
      deltas.forEach((d, k) => pcm[k] && deltaToPlayer.push(pcm[k]!.at - d.at));
    }

    const bargeIn: number[] = [];
    fake.setTiming({ realtimeAudioRealtimeFactor: 1 });
    for (let i = 0; i < BARGE_INS; i++) {
      const framesFrom = frames.length;
      await core.router.invoke('conversation.say', { text: 'Please give me a long answer.' });
      await until(() => frames.slice(framesFrom).some((f) => f.type === AudioFrame.pcm), 'reply audio');
      await new Promise((r) => setTimeout(r, 200));
      const arrivedFrom = sockets.arrived.length;
      const stopsFrom = frames.length;
      speak(weatherPcm(0, 600).pcm);
      await until(() => frames.slice(stopsFrom).some((f) => f.type === AudioFrame.stop), 'the stop');
      const started = sockets.arrived.slice(arrivedFrom).find((a) => a.type === 'input_audio_buffer.speech_started')!;
      const stop = frames.slice(stopsFrom).find((f) => f.type === AudioFrame.stop)!;
      bargeIn.push(stop.at - started.at);
      await until(
        () => sockets.arrived.slice(arrivedFrom).some((a) => a.type === 'response.done'),
        'the cancelled reply'
      );
      await new Promise((r) => setTimeout(r, 300));
    }
    const browser = await browserTurns(sockets);
    return {
      name: 'conversation',
      browser,
      timing: { realtimeResponseDelayMs: timing.realtimeResponseDelayMs },
      micChunkToSendMs: summarize(micChunk),
      replyDeltaToPlayerMs: summarize(deltaToPlayer),
      speechStartedToStopMs: summarize(bargeIn),
      addedPerTurnMs: summarize(added)
    };
  } finally {
    core.router.invoke('conversation.stop', {});
    sockets.restore();
    await fake.close();
  }
}
