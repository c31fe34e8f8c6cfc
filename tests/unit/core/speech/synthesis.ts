import type { AudioVoice, SynthesisRequest } from '../../../../src/core/speech/voice';

/** A request at the normal rate that nothing aborts, unless `extra` says otherwise. */
export const request = (text: string, extra: Partial<SynthesisRequest> = {}): SynthesisRequest => ({
  text,
  rate: 1,
  signal: new AbortController().signal,
  ...extra
});

/** Every block the voice makes for `req`. */
export async function collect(voice: AudioVoice, req: SynthesisRequest): Promise<Int16Array[]> {
  const blocks: Int16Array[] = [];
  for await (const block of voice.synthesize(req)) blocks.push(block);
  return blocks;
}

/** The blocks as one run of samples. */
export const join = (blocks: Int16Array[]) => {
  const out = new Int16Array(blocks.reduce((n, b) => n + b.length, 0));
  blocks.reduce((at, b) => (out.set(b, at), at + b.length), 0);
  return out;
};
