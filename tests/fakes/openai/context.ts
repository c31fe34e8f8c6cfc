import { realToday } from './models';
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
  /** Realtime sessions whose socket has closed, each once every event it carried is recorded. */
  realtimeClosed: string[];
  /** sha256 of audio this server synthesised → the text, so transcription can round-trip it. */
  synthesised: Map<string, string>;
  pendingFunctionCalls: PendingFunctionCall[];
  onRequest: (r: RecordedRequest) => void;
  /** The service's date, YYYY-MM-DD; null means the real date. Models past their shutdown are gone. */
  today: string | null;
  /** Rewords text an out-of-band Realtime response is asked to read (a voice that does not read exactly). */
  reword: ((text: string) => string | null) | null;
  /** HTTP requests open now, and the most ever open at once. */
  inFlight: { now: number; most: number };
  /** Shutdown dates announced by a test (fake.setShutdownDate), replacing the table's. */
  shutdowns: Map<string, string | null>;
  /** Parameters a model refuses with 400 unsupported_parameter, beyond what its kind refuses. */
  rejectedParams: Map<string, Set<string>>;
}

/** The service's date for this server. */
export const todayOf = (ctx: ServerContext): string => ctx.today ?? realToday();
