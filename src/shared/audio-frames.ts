/** Lumen's audio is PCM16 mono at this rate everywhere: the Realtime API's rate and OpenAI TTS's. */
export const SAMPLE_RATE = 24_000;

/**
 * Frames on the `speech.audio` stream. Core → renderer: PCM16 mono at SAMPLE_RATE for the player, and
 * player controls, in order with the audio they refer to. Renderer → core: what was really played.
 * Layout: [type u8][3 bytes padding][utterance id u32 LE][payload], so PCM starts 2-byte aligned.
 */
export const AudioFrame = {
  pcm: 1,
  end: 2,
  stop: 3,
  pause: 4,
  resume: 5,
  skip: 6,
  progress: 16,
  done: 17,
  stopped: 18
} as const;
export type AudioFrameType = (typeof AudioFrame)[keyof typeof AudioFrame];

export const AUDIO_HEADER_BYTES = 8;

/** The conversation's reply audio gets utterance ids from here up, far above speech's, so the two never mix. */
export const CONVERSATION_UTTERANCES = 0x4000_0000;

export function encodeAudioFrame(type: AudioFrameType, utterance = 0, payload?: Uint8Array): Uint8Array {
  const frame = new Uint8Array(AUDIO_HEADER_BYTES + (payload?.byteLength ?? 0));
  const view = new DataView(frame.buffer);
  view.setUint8(0, type);
  view.setUint32(4, utterance, true);
  if (payload) frame.set(payload, AUDIO_HEADER_BYTES);
  return frame;
}

export const encodePcmFrame = (utterance: number, samples: Int16Array) =>
  encodeAudioFrame(AudioFrame.pcm, utterance, new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));

/** Played-sample reports carry the count as a u32 payload. */
export const encodePlayedFrame = (type: AudioFrameType, utterance: number, playedSamples: number) => {
  const payload = new Uint8Array(4);
  new DataView(payload.buffer).setUint32(0, Math.max(0, Math.min(0xffffffff, Math.round(playedSamples))), true);
  return encodeAudioFrame(type, utterance, payload);
};

export interface DecodedAudioFrame {
  type: number;
  utterance: number;
  payload: Uint8Array;
}

export function decodeAudioFrame(frame: Uint8Array): DecodedAudioFrame | undefined {
  if (frame.byteLength < AUDIO_HEADER_BYTES) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return { type: view.getUint8(0), utterance: view.getUint32(4, true), payload: frame.subarray(AUDIO_HEADER_BYTES) };
}

/** Copies PCM bytes into a fresh Int16Array (the payload may be unaligned or shared). */
export function pcmOf(payload: Uint8Array): Int16Array {
  const samples = new Int16Array(payload.byteLength >> 1);
  new Uint8Array(samples.buffer).set(payload.subarray(0, samples.byteLength));
  return samples;
}

export const playedOf = (payload: Uint8Array) =>
  payload.byteLength >= 4 ? new DataView(payload.buffer, payload.byteOffset, 4).getUint32(0, true) : 0;
