import type { Earcon } from '../../../shared/contract';
import doneUrl from '../../../../resources/earcons/done.wav?url';
import errorUrl from '../../../../resources/earcons/error.wav?url';
import listeningUrl from '../../../../resources/earcons/listening.wav?url';
import workingUrl from '../../../../resources/earcons/working.wav?url';

const URLS: Record<Earcon, string> = { listening: listeningUrl, working: workingUrl, done: doneUrl, error: errorUrl };
/** The working sound repeats gently while Lumen waits, so silence never means "it died". */
const WORKING_EVERY_MS = 2000;
/** A tone's length, and its loudness at full volume: short and soft, under speech. */
const TONE_SECONDS = 0.09;
const TONE_LEVEL = 0.25;

export class Earcons {
  private readonly buffers = new Map<Earcon, Promise<AudioBuffer | null>>();
  private loop: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly context: AudioContext) {}

  private buffer(sound: Earcon) {
    let b = this.buffers.get(sound);
    if (!b) {
      b = fetch(URLS[sound])
        .then((r) => r.arrayBuffer())
        .then((data) => this.context.decodeAudioData(data))
        .catch(() => null);
      this.buffers.set(sound, b);
    }
    return b;
  }

  async play(sound: Earcon) {
    const buffer = await this.buffer(sound);
    if (!buffer) return;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    source.start();
  }

  /** A short soft tone of `frequency` Hz, at `volume` (0 … 1), faded in and out so it does not click. */
  tone(frequency: number, volume: number) {
    const { context } = this;
    const at = context.currentTime;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(TONE_LEVEL * volume, at + 0.01);
    gain.gain.linearRampToValueAtTime(0, at + TONE_SECONDS);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + TONE_SECONDS);
  }

  handle(sound: Earcon, action: 'play' | 'loop' | 'stop') {
    if (action === 'play') return void this.play(sound);
    clearInterval(this.loop);
    this.loop = undefined;
    if (action === 'loop') {
      void this.play(sound);
      this.loop = setInterval(() => void this.play(sound), WORKING_EVERY_MS);
    }
  }
}
