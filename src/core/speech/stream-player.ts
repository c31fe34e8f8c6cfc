import { AudioFrame, decodeAudioFrame, encodeAudioFrame, encodePcmFrame, playedOf } from '../../shared/audio-frames';
import type { StreamSink, StreamSession } from '../router';
import { Events, type Dispose } from '../util/events';
import type { PlayerLink } from './outputs';

export interface PlaybackReport {
  utterance: number;
  playedSamples: number;
}

/**
 * The renderer's player seen from core, over the `speech.audio` stream: audio and controls go out in
 * order; the renderer reports how much of each utterance it really played.
 */
export class StreamPlayer implements PlayerLink, StreamSession {
  private readonly waiting = new Map<number, Array<() => void>>();
  private readonly events = new Events<{ report: (report: PlaybackReport & { final: boolean }) => void }>();
  private closed = false;
  lastReport: PlaybackReport | undefined;

  constructor(
    private readonly sink: StreamSink,
    private readonly onClosed: (player: StreamPlayer) => void
  ) {}

  pcm(utterance: number, samples: Int16Array): void {
    this.send(encodePcmFrame(utterance, samples));
  }
  end(utterance: number): void {
    this.send(encodeAudioFrame(AudioFrame.end, utterance));
  }
  skip(utterance: number): void {
    this.send(encodeAudioFrame(AudioFrame.skip, utterance));
    this.release(utterance);
  }
  stop(): void {
    this.send(encodeAudioFrame(AudioFrame.stop));
    for (const id of [...this.waiting.keys()]) this.release(id);
  }
  pause(): void {
    this.send(encodeAudioFrame(AudioFrame.pause));
  }
  resume(): void {
    this.send(encodeAudioFrame(AudioFrame.resume));
  }

  finished(utterance: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const list = this.waiting.get(utterance) ?? [];
      list.push(resolve);
      this.waiting.set(utterance, list);
    });
  }

  onData(chunk: Uint8Array): void {
    const frame = decodeAudioFrame(chunk);
    if (!frame) return;
    if (frame.type === AudioFrame.progress || frame.type === AudioFrame.done || frame.type === AudioFrame.stopped) {
      this.lastReport = { utterance: frame.utterance, playedSamples: playedOf(frame.payload) };
      const final = frame.type !== AudioFrame.progress;
      this.events.emit('report', { ...this.lastReport, final });
    }
    if (frame.type === AudioFrame.done || frame.type === AudioFrame.stopped) this.release(frame.utterance);
  }

  /** What the player reports having played; `final` once the utterance is done or was stopped. */
  onReport(listener: (report: PlaybackReport & { final: boolean }) => void): Dispose {
    return this.events.on('report', listener);
  }

  onClose(): void {
    this.closed = true;
    for (const id of [...this.waiting.keys()]) this.release(id);
    this.onClosed(this);
  }

  private send(frame: Uint8Array) {
    if (!this.closed) this.sink.send(frame);
  }

  private release(utterance: number) {
    const list = this.waiting.get(utterance);
    this.waiting.delete(utterance);
    list?.forEach((resolve) => resolve());
  }
}
