export interface FakeOpenAIOptions {
  /** Default 'sk-test-lumen'; requests with another Bearer key get the service's 401 JSON. */
  apiKey?: string;
  /** Default false; true → HTTPS/WSS with a self-signed certificate generated at start (see `ca`). */
  tls?: boolean;
  /** Default 0 (a free port). */
  port?: number;
  /** Default: everything fast (no delays, unthrottled). */
  timing?: Partial<TimingProfile>;
  /** The service's date, YYYY-MM-DD (as fake.setToday); default: the real date. */
  today?: string;
}

export interface TimingProfile {
  /** Delay before the first streamed chat token. */
  chatFirstTokenMs: number;
  /** 0 or Infinity = no throttle. */
  chatTokensPerSecond: number;
  /**
   * How fast a reasoning model thinks before its first word; undefined paces thinking like the
   * answer (chatTokensPerSecond), 0 or Infinity makes it free (chatFirstTokenMs then stands for the
   * whole wait before the first word).
   */
  reasoningTokensPerSecond?: number;
  ttsFirstByteMs: number;
  /** 0 or Infinity = no throttle. 48000 is real time for 24 kHz PCM16. */
  ttsBytesPerSecond: number;
  /** Delay after end of speech / response.create before the response's content starts. */
  realtimeResponseDelayMs: number;
  /** 0 = send all output audio at once, 1 = real-time pacing, 2 = twice real time. */
  realtimeAudioRealtimeFactor: number;
}

export type FaultStage = 'headers' | 'first-token' | 'tts-first-byte' | 'realtime-response';

export type Fault =
  | { kind: 'delay'; stage: FaultStage; ms: number }
  | { kind: 'status'; status: 429 | 500 | 503 | 401; retryAfterSeconds?: number }
  /** The SSE/body (or the Realtime socket) ends abruptly, socket destroyed, after this many chunks. */
  | { kind: 'cut-stream'; afterChunks: number }
  /** 1006 = terminate the TCP socket without a close frame. */
  | {
      kind: 'ws-close';
      code: 1001 | 1006 | 3000 | number;
      after: 'open' | 'session.update' | 'response-started';
      reason?: string;
    };

export type FaultRoute = 'chat' | 'speech' | 'transcriptions' | 'models' | 'realtime';

export interface RecordedFile {
  name: string;
  filename: string;
  contentType: string;
  /** Size in bytes. */
  bytes: number;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON; for multipart `{fields, files}`; raw text otherwise; null when empty. */
  body: unknown;
  at: number;
  /** The client went away before the response finished. */
  aborted: boolean;
}

export interface RealtimeEventRecord {
  sessionId: string;
  at: number;
  event: any;
}

export interface FakeOpenAI {
  baseURL: string;
  realtimeURL: string;
  port: number;
  apiKey: string;
  /** PEM of the self-signed certificate when `tls` is on. */
  ca?: string;
  requests: RecordedRequest[];
  realtimeEvents: RealtimeEventRecord[];
  /**
   * Ids of Realtime sessions whose socket has closed, added once every event that socket carried is
   * in realtimeEvents: after that nothing more can arrive on it.
   */
  realtimeClosed: string[];
  inject(route: FaultRoute, fault: Fault, times?: number): void;
  setTiming(t: Partial<TimingProfile>): void;
  setReply(text: string | null): void;
  /** HTTP requests open now, and the most that were ever open at once (reset with `most: 0`). */
  readonly inFlight: { now: number; most: number };
  /** Moves the service's date (YYYY-MM-DD) past shutdowns; null returns to the real date. */
  setToday(date: string | null): void;
  /**
   * Makes out-of-band Realtime responses that read text aloud say something else: `fn` gets the
   * text and returns what is "said" (audio and transcript), or null to read it as given.
   */
  setReword(fn: ((text: string) => string | null) | null): void;
  /**
   * Announces (or moves) a model's shutdown date, YYYY-MM-DD, or null for none: the service lists it
   * with that date, and from that day the model is gone, like any other retirement.
   */
  setShutdownDate(model: string, date: string | null): void;
  /** Makes a model refuse a request parameter with the service's 400 unsupported_parameter. */
  rejectParameter(model: string, param: string): void;
  /** Makes the next Realtime response a function_call output item. */
  requestFunctionCall(name: string, args: unknown): void;
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  close(): Promise<void>;
}

export const FAST_TIMING: TimingProfile = {
  chatFirstTokenMs: 0,
  chatTokensPerSecond: Infinity,
  ttsFirstByteMs: 0,
  ttsBytesPerSecond: Infinity,
  realtimeResponseDelayMs: 0,
  realtimeAudioRealtimeFactor: 0
};

/** Benchmark profile: roughly what the service feels like from a good connection. */
export const REALISTIC_TIMING: TimingProfile = {
  chatFirstTokenMs: 400,
  chatTokensPerSecond: 40,
  ttsFirstByteMs: 250,
  ttsBytesPerSecond: 48_000,
  realtimeResponseDelayMs: 300,
  realtimeAudioRealtimeFactor: 1
};
