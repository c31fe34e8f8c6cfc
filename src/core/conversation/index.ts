/** Spoken conversation over the GA Realtime API. See session.ts for the heart of it. */
export { RealtimeSession } from './session';
export { SESSION_ANSWER_WAIT_MS } from './connection-supervisor';
export type {
  Clock,
  InputMode,
  RealtimeAudioChunk,
  RealtimeCaption,
  RealtimeCaptionsUnavailable,
  RealtimeInterrupt,
  RealtimeNote,
  RealtimeResponseDone,
  RealtimeSessionEvents,
  RealtimeSessionOptions,
  RealtimeState
} from './session';
export {
  buildSession,
  DEFAULT_TRANSCRIPTION_MODELS,
  LOOK_SOURCES,
  LOOK_TOOL,
  REALTIME_VOICES,
  sessionConfigFromSettings,
  sessionUpdate,
  type LookSource,
  type SessionConfig,
  type TurnDetectionMode
} from './config';
export { realtimeInstructions } from './instructions';
export { realtimeUrl, authHeaders } from './url';
export { RealtimeClient, RealtimeHandshakeError, type RealtimeClose, type RealtimeConnectOptions } from './client';
export { backoffDelay, type BackoffOptions } from './backoff';
export { ConversationHistory, heardPart, replayItems, type ReplayEntry, type ReplayLimits } from './history';
export { isTranscriptionRefusal, SPOKEN, type RealtimeErrorCode, type RealtimeSessionError } from './errors';
export type { LookCallback } from './look';
export type { RealtimeUsage } from './usage';
