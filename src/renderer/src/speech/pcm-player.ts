import { SAMPLE_RATE } from '../../../shared/audio-frames';
import workletUrl from './pcm-player.worklet.ts?worker&url';

export interface PlayerReport {
  type: 'progress' | 'done' | 'stopped';
  id: number;
  played: number;
  first?: boolean;
}

/** Numbers tests and benchmarks read from `window.lumenDiagnostics.player`. */
export interface PlayerDiagnostics {
  /** Date.now() when the latest utterance played its first sample. */
  lastStartAt: number | null;
  playedSamples: number;
  /** Milliseconds from a stop or skip reaching the player to the worklet reporting silence. */
  stopLatenciesMs: number[];
  /** performance.now() of the worklet's latest "stopped" report. */
  lastStoppedAt: number | null;
  /** The utterance the latest stop cut short, and how many of its samples had been played then. */
  lastStopped: { id: number; played: number } | null;
  /** Reports of sound played by an utterance after a stop or skip cut it short: 0 while stopping works. */
  playedAfterStop: number;
}

/** The main-thread side of the AudioWorklet player: PCM16 in, played-sample reports out. */
export class PcmPlayer {
  readonly diagnostics: PlayerDiagnostics = {
    lastStartAt: null,
    playedSamples: 0,
    stopLatenciesMs: [],
    lastStoppedAt: null,
    lastStopped: null,
    playedAfterStop: 0
  };
  /** Utterances a stop or skip cut short (0 is no utterance: a stop while nothing played). */
  private readonly cut = new Set<number>();
  private readonly listeners = new Set<(report: PlayerReport) => void>();
  private stopRequestedAt: number | null = null;

  private constructor(
    readonly context: AudioContext,
    private readonly node: AudioWorkletNode
  ) {
    node.port.onmessage = (event: MessageEvent<PlayerReport>) => this.received(event.data);
  }

  static async create(): Promise<PcmPlayer> {
    const context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
    await context.audioWorklet.addModule(workletUrl);
    const node = new AudioWorkletNode(context, 'lumen-pcm-player', { outputChannelCount: [1] });
    node.connect(context.destination);
    return new PcmPlayer(context, node);
  }

  onReport(listener: (report: PlayerReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private received(arg: PlayerReport) {
    if (arg.type === 'progress' && arg.first) this.diagnostics.lastStartAt = Date.now();
    if (arg.type === 'stopped') {
      const now = performance.now();
      this.diagnostics.lastStoppedAt = now;
      this.diagnostics.lastStopped = { id: arg.id, played: arg.played };
      if (this.stopRequestedAt !== null) this.diagnostics.stopLatenciesMs.push(now - this.stopRequestedAt);
      this.stopRequestedAt = null;
      if (arg.id !== 0) this.cut.add(arg.id);
    } else if (this.cut.has(arg.id)) this.diagnostics.playedAfterStop += 1;
    if (arg.type !== 'stopped') this.diagnostics.playedSamples = Math.max(this.diagnostics.playedSamples, arg.played);
    this.listeners.forEach((l) => l(arg));
  }

  enqueue(id: number, pcm: Int16Array) {
    const samples = new Float32Array(pcm.length);
    for (let i = 0; i < pcm.length; i++) samples[i] = pcm[i]! / 32768;
    this.node.port.postMessage({ type: 'pcm', id, samples }, [samples.buffer]);
    // Browsers start audio suspended until a gesture; speech is the reason to try again.
    if (this.context.state === 'suspended') void this.context.resume();
  }

  end(id: number) {
    this.node.port.postMessage({ type: 'end', id });
  }

  skip(id: number) {
    this.stopRequestedAt = performance.now();
    this.node.port.postMessage({ type: 'skip', id });
  }

  stop() {
    this.stopRequestedAt = performance.now();
    this.node.port.postMessage({ type: 'stop' });
  }

  pause() {
    this.node.port.postMessage({ type: 'pause' });
  }

  resume() {
    this.node.port.postMessage({ type: 'resume' });
  }
}
