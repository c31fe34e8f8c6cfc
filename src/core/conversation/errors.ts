import type { RealtimeError } from 'openai/resources/realtime/realtime';
import type { RealtimeHandshakeError } from './client';

/** What went wrong, for the host's logic; `message` is what the user hears. */
export type RealtimeErrorCode =
  | 'no-key'
  | 'auth'
  | 'model'
  | 'quota'
  | 'rate-limit'
  | 'network'
  | 'server'
  | 'request'
  | 'audio'
  | 'image'
  | 'too-short';

export interface RealtimeSessionError {
  code: RealtimeErrorCode;
  /** One or two polite sentences, written to be spoken. */
  message: string;
  /** True when the conversation has ended because of it; false when it carries on. */
  fatal: boolean;
  /** The service's own words, for logs only (never spoken: often technical). */
  detail?: string;
}

export const SPOKEN = {
  noKey: 'No API key is set, so Lumen cannot start a conversation. Open Settings and enter your OpenAI API key.',
  auth: 'The service refused the API key, so the conversation has stopped. Check the key in Settings.',
  model: (model: string) =>
    `The service does not offer the conversation model ${model}. Check the endpoint in Settings.`,
  quota: 'The API key’s quota is used up, so the conversation has stopped. Check your plan and billing.',
  rateLimit: 'The service is busy right now. Lumen will try again in a moment.',
  gaveUp:
    'Lumen lost the connection to the service and could not get it back. Check your internet connection, then start the conversation again.',
  refused: 'The service ended the conversation and asked Lumen not to reconnect. Please start again later.',
  server: 'The service had a problem with that. Please say it again.',
  request: 'The service could not do that. Please try again.',
  audio: 'The service could not use the sound from the microphone. Please try again.',
  image: 'The picture could not be used. Please try taking it again.',
  tooShort: 'I did not catch anything. Hold the talk key for as long as you speak.',
  reconnected: 'Reconnected; we can carry on.',
  captionsUnavailable:
    'Captions of what you say are not available from the service right now, so the conversation goes on without them.',
  idle: (minutes: number) =>
    `The conversation was quiet for ${minutes === 1 ? 'a minute' : `${minutes} minutes`}, so Lumen stopped listening. Start it again whenever you like.`
} as const;

export interface Verdict {
  /** Try again with a new connection. */
  retry: boolean;
  /** Minimum wait before that retry, from the service (retry-after). */
  retryAfterMs?: number;
  /** Tell the user this (also when retrying, e.g. rate limits); undefined to stay quiet. */
  error?: RealtimeSessionError;
}

const fatal = (code: RealtimeErrorCode, message: string, detail?: string): Verdict => ({
  retry: false,
  error: { code, message, fatal: true, ...(detail ? { detail } : {}) }
});

/** A refused or failed handshake. */
export function classifyHandshake(error: RealtimeHandshakeError, model: string): Verdict {
  const { status, code } = error;
  if (status === 401 || status === 403 || code === 'invalid_api_key') return fatal('auth', SPOKEN.auth, error.message);
  if (code === 'insufficient_quota') return fatal('quota', SPOKEN.quota, error.message);
  if (status === 404 || code === 'model_not_found') return fatal('model', SPOKEN.model(model), error.message);
  if (status === 429) {
    const retryAfterMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : undefined;
    return { retry: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  if (status !== undefined && status >= 400 && status < 500) return fatal('request', SPOKEN.request, error.message);
  // 5xx, timeouts, refused or reset connections, DNS: the network or the service will likely recover.
  return { retry: true };
}

/*
 * Close codes. 3000–3999 are registered with IANA for libraries and services: 3000 "unauthorized" and
 * 3003 "forbidden" are what a bad key gets, 3008 is a timeout. 1002/1003/1007/1009/1010 mean the two
 * sides do not understand each other, which a retry cannot fix; 1008 is a policy refusal.
 */
const NO_RETRY_CLOSES = new Set([1002, 1003, 1007, 1008, 1009, 1010, 3000, 3003]);

/** A socket that closed without this side asking. */
export function classifyClose(code: number, reason: string): Verdict {
  if (code === 3000 || code === 3003 || /api[ _-]?key|unauthori[sz]ed|forbidden/i.test(reason)) {
    return fatal('auth', SPOKEN.auth, `closed ${code} ${reason}`.trim());
  }
  if (NO_RETRY_CLOSES.has(code)) return fatal('request', SPOKEN.refused, `closed ${code} ${reason}`.trim());
  // 1000/1001 (the 60-minute limit, a server going away), 1005/1006 (dropped), 1011–1014, 3008, others.
  return { retry: true };
}

/** Codes the session handles itself; they are never spoken. */
export const SILENT_SERVER_ERRORS = new Set([
  // The 60-minute limit: a new session follows at once.
  'session_expired',
  // A cancel that crossed the response's end on the wire: the response is over, which was the point.
  'response_cancel_not_active',
  // A response.create that crossed one the service started itself (the user spoke): that one answers.
  'conversation_already_has_active_response'
]);

/** An `error` event from the service: most are recoverable and the session stays open. */
export function classifyServerError(error: RealtimeError, model: string): Verdict & { silent: boolean } {
  const code = error.code ?? '';
  const detail = error.message;
  if (SILENT_SERVER_ERRORS.has(code)) return { retry: false, silent: true };
  if (code === 'invalid_api_key' || error.type === 'authentication_error') {
    return { ...fatal('auth', SPOKEN.auth, detail), silent: false };
  }
  if (code === 'insufficient_quota') return { ...fatal('quota', SPOKEN.quota, detail), silent: false };
  if (code === 'model_not_found') return { ...fatal('model', SPOKEN.model(model), detail), silent: false };
  const soft = (c: RealtimeErrorCode, message: string) => ({
    retry: false,
    silent: false,
    error: { code: c, message, fatal: false, detail }
  });
  if (code === 'rate_limit_exceeded') return soft('rate-limit', SPOKEN.rateLimit);
  if (code.startsWith('input_audio_buffer')) return soft('audio', SPOKEN.audio);
  if (/image/.test(code) || /image/.test(error.param ?? '')) return soft('image', SPOKEN.image);
  if (error.type === 'server_error' || code === 'server_error') return soft('server', SPOKEN.server);
  return soft('request', SPOKEN.request);
}

/**
 * The service refused the model asked to caption the user's words (in a session.update): the param
 * names the transcription settings, or a model_not_found names that model. The session falls back to
 * another model or to no captions; this is never an error to speak or a reason to stop.
 */
export function isTranscriptionRefusal(error: RealtimeError, transcriptionModel: string | null | undefined): boolean {
  if ((error.param ?? '').startsWith('session.audio.input.transcription')) return true;
  if (error.code !== 'model_not_found' || !transcriptionModel) return false;
  const escaped = transcriptionModel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`).test(error.message ?? '');
}
