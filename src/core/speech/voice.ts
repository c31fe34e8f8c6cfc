export interface SynthesisRequest {
  text: string;
  /** Provider-specific voice name; undefined means the provider's default. */
  voice?: string;
  /** 1 is normal; 0.5 slow, 2 fast. */
  rate: number;
  /** BCP 47 language tag of the text, e.g. "en-US"; undefined means the provider's default. */
  language?: string;
  /** Tone instructions for voices that take them (OpenAI TTS). */
  instructions?: string;
  signal: AbortSignal;
}

/** Thrown by a voice when it cannot speak; `message` is written to be spoken to the user. */
export class VoiceError extends Error {
  constructor(
    message: string,
    /** true when trying again with the same voice is pointless (bad key, unknown voice). */
    readonly permanent: boolean,
    /** The service's error code when it matters to the caller: 'model_not_found' means the model is retired. */
    readonly code?: string
  ) {
    super(message);
    this.name = 'VoiceError';
  }
}

/**
 * A voice that makes audio in core. `synthesize` yields PCM16 mono 24 kHz sample blocks as soon as
 * they exist, so playback can start before synthesis ends. It stops promptly when `signal` aborts.
 */
export interface AudioVoice {
  readonly id: 'openai' | 'offline';
  synthesize(request: SynthesisRequest): AsyncIterable<Int16Array>;
  /** Gets ready to speak (opens a connection) while the text is still coming, so the first sentence starts sooner. */
  warm?(): void;
}
