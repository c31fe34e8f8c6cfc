import type { FaultBook } from './faults';
import type { RecordedRequest, RealtimeEventRecord, TimingProfile } from './types';

export interface PendingFunctionCall {
  name: string;
  args: string;
}

/** Per-server state shared by the route handlers; nothing here is global, so servers run side by side. */
export interface ServerContext {
  apiKey: string;
  timing: TimingProfile;
  reply: string | null;
  faults: FaultBook;
  requests: RecordedRequest[];
  realtimeEvents: RealtimeEventRecord[];
  /** sha256 of audio this server synthesised → the text, so transcription can round-trip it. */
  synthesised: Map<string, string>;
  pendingFunctionCalls: PendingFunctionCall[];
  onRequest: (r: RecordedRequest) => void;
}
