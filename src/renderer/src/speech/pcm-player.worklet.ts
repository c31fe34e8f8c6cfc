/**
 * The PCM player's audio thread. Plays utterances in order from a small jitter buffer, counts the
 * samples it really outputs (what the user heard), and goes silent on the very next render quantum
 * after stop, skip or pause.
 */

type Command =
  | { type: 'pcm'; id: number; samples: Float32Array }
  | { type: 'end'; id: number }
  | { type: 'skip'; id: number }
  | { type: 'stop' }
  | { type: 'pause' }
  | { type: 'resume' };

interface Item {
  id: number;
  blocks: Float32Array[];
  offset: number;
  ended: boolean;
  started: boolean;
  played: number;
  lastReport: number;
}

/** Wait for this much audio before starting (or restarting after a gap) an utterance. */
const JITTER_SECONDS = 0.06;
const REPORT_EVERY_SECONDS = 0.1;

class PcmPlayerProcessor extends AudioWorkletProcessor {
  private queue: Item[] = [];
  private paused = false;
  private readonly jitter = Math.round(sampleRate * JITTER_SECONDS);
  private readonly reportEvery = Math.round(sampleRate * REPORT_EVERY_SECONDS);

  constructor() {
    super();
    this.port.onmessage = (event: MessageEvent<Command>) => this.command(event.data);
  }

  private item(id: number): Item {
    let item = this.queue.find((i) => i.id === id);
    if (!item) {
      item = { id, blocks: [], offset: 0, ended: false, started: false, played: 0, lastReport: 0 };
      this.queue.push(item);
    }
    return item;
  }

  private command(c: Command) {
    switch (c.type) {
      case 'pcm':
        this.item(c.id).blocks.push(c.samples);
        break;
      case 'end':
        this.item(c.id).ended = true;
        break;
      case 'skip': {
        const item = this.queue.find((i) => i.id === c.id);
        this.queue = this.queue.filter((i) => i.id !== c.id);
        this.port.postMessage({ type: 'stopped', id: c.id, played: item?.played ?? 0 });
        break;
      }
      case 'stop': {
        const current = this.queue[0];
        this.queue = [];
        this.port.postMessage({ type: 'stopped', id: current?.id ?? 0, played: current?.played ?? 0 });
        break;
      }
      case 'pause':
        this.paused = true;
        break;
      case 'resume':
        this.paused = false;
        break;
    }
  }

  private buffered(item: Item): number {
    let total = -item.offset;
    for (const b of item.blocks) total += b.length;
    return total;
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const channels = outputs[0] ?? [];
    const out = channels[0];
    if (!out) return true;
    out.fill(0);
    let written = 0;
    while (!this.paused && written < out.length && this.queue.length) {
      const item = this.queue[0]!;
      if (!item.started) {
        if (!item.ended && this.buffered(item) < this.jitter) break;
        item.started = true;
      }
      const block = item.blocks[0];
      if (!block) {
        if (item.ended) {
          this.queue.shift();
          this.port.postMessage({ type: 'done', id: item.id, played: item.played });
          continue;
        }
        item.started = false; // ran dry mid-utterance: rebuffer rather than crackle
        break;
      }
      const n = Math.min(out.length - written, block.length - item.offset);
      out.set(block.subarray(item.offset, item.offset + n), written);
      const first = item.played === 0;
      written += n;
      item.offset += n;
      item.played += n;
      if (item.offset >= block.length) {
        item.blocks.shift();
        item.offset = 0;
      }
      if (first || item.played - item.lastReport >= this.reportEvery) {
        item.lastReport = item.played;
        this.port.postMessage({ type: 'progress', id: item.id, played: item.played, first });
      }
    }
    for (let c = 1; c < channels.length; c++) channels[c]!.set(out);
    return true;
  }
}

registerProcessor('lumen-pcm-player', PcmPlayerProcessor);
