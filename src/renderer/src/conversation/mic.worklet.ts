/**
 * The microphone's audio thread: the AudioContext already runs at 24 kHz (the browser resamples the
 * device's rate with its own filter), so this only converts to PCM16 and posts 40 ms chunks.
 */

const CHUNK_SECONDS = 0.04;

class MicChunker extends AudioWorkletProcessor {
  private readonly size = Math.round(sampleRate * CHUNK_SECONDS);
  private chunk = new Int16Array(this.size);
  private filled = 0;

  process(inputs: Float32Array[][]): boolean {
    const samples = inputs[0]?.[0];
    if (!samples) return true;
    for (let i = 0; i < samples.length; i++) {
      const s = Math.max(-1, Math.min(1, samples[i]!));
      this.chunk[this.filled++] = s < 0 ? s * 0x8000 : s * 0x7fff;
      if (this.filled === this.size) {
        this.port.postMessage(this.chunk, [this.chunk.buffer]);
        this.chunk = new Int16Array(this.size);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor('lumen-mic', MicChunker);
