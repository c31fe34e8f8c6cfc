/*
 * The models the fake knows, with the shutdown dates OpenAI announced (../shared/MODELS.md, checked
 * against the service's deprecations page). A model is served until its shutdown date; from that day
 * it is gone from GET /v1/models and every request naming it gets the service's 404 model_not_found,
 * as the real service does. "Today" is settable per server (fake.setToday), so tests can move past a
 * shutdown without waiting for it.
 */

export type ModelKind = 'chat' | 'reasoning' | 'realtime' | 'speech' | 'transcription';

export interface FakeModel {
  id: string;
  created: number;
  kind: ModelKind;
  /** YYYY-MM-DD, or null when no shutdown is announced. */
  shutdown: string | null;
}

const model = (id: string, created: number, kind: ModelKind, shutdown: string | null = null): FakeModel => ({
  id,
  created,
  kind,
  shutdown
});

export const MODELS: FakeModel[] = [
  model('gpt-4o', 1715367049, 'chat', '2027-01-14'),
  model('gpt-4o-2024-08-06', 1722814719, 'chat', '2027-01-14'),
  model('gpt-4o-mini', 1721172741, 'chat', '2027-01-14'),
  model('gpt-4o-mini-2024-07-18', 1721172717, 'chat', '2027-01-14'),
  model('gpt-4.1', 1744316542, 'chat', '2027-01-14'),
  model('gpt-4.1-mini', 1744318173, 'chat', '2027-01-14'),
  model('gpt-5', 1754425777, 'reasoning', '2026-12-11'),
  model('gpt-5-mini', 1754425928, 'reasoning', '2026-12-11'),
  model('gpt-5-nano', 1754426384, 'reasoning', '2026-12-11'),
  model('gpt-6.1-sol', 1785369600, 'reasoning'),
  model('gpt-6.1-terra', 1785369600, 'reasoning'),
  model('gpt-6-luna', 1777593600, 'reasoning'),
  model('gpt-realtime', 1756271701, 'realtime', '2027-01-20'),
  model('gpt-realtime-mini', 1759517133, 'realtime', '2027-01-20'),
  model('gpt-4o-realtime-preview', 1727659998, 'realtime', '2027-01-20'),
  model('gpt-4o-mini-realtime-preview', 1734387380, 'realtime', '2027-01-20'),
  model('gpt-realtime-2.1', 1788048000, 'realtime'),
  model('gpt-realtime-2.1-mini', 1788048000, 'realtime'),
  model('gpt-4o-mini-tts', 1742403959, 'speech', '2027-01-06'),
  model('tts-1', 1681940951, 'speech', '2027-01-06'),
  model('tts-1-hd', 1699046015, 'speech', '2027-01-06'),
  model('whisper-1', 1677532384, 'transcription', '2027-02-26'),
  model('gpt-4o-transcribe', 1742068463, 'transcription', '2027-02-26'),
  model('gpt-4o-mini-transcribe', 1742068596, 'transcription', '2027-02-26'),
  model('gpt-transcribe', 1788048000, 'transcription'),
  model('gpt-realtime-whisper', 1777593600, 'transcription')
];

/** The dated snapshot the service reports for an alias (recordings show gpt-4o-mini → gpt-4o-mini-2024-07-18). */
const SNAPSHOTS: Record<string, string> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14'
};

/** The real date, YYYY-MM-DD in UTC: the service's own "today" when a test has not set one. */
export const realToday = (): string => new Date().toISOString().slice(0, 10);

/** The model a name refers to: itself, or the family of a dated snapshot (gpt-4o-2024-11-20 → gpt-4o). */
export function findModel(id: string): FakeModel | undefined {
  return (
    MODELS.find((m) => m.id === id) ??
    MODELS.filter((m) => id.startsWith(`${m.id}-20`)).sort((a, b) => b.id.length - a.id.length)[0]
  );
}

/** Shutdown dates a test announced (fake.setShutdownDate), by model; they replace the table's. */
export type ShutdownDates = ReadonlyMap<string, string | null>;

/** A model's shutdown date: the one a test announced, else the table's. */
export function shutdownOf(id: string, shutdowns?: ShutdownDates): string | null {
  const m = findModel(id);
  if (!m) return null;
  return shutdowns?.has(m.id) ? shutdowns.get(m.id)! : m.shutdown;
}

/** Served today: known, and its shutdown date (if any) not reached. */
export function isAvailable(id: string, today: string, shutdowns?: ShutdownDates): boolean {
  if (!findModel(id)) return false;
  const shutdown = shutdownOf(id, shutdowns);
  return shutdown === null || today < shutdown;
}

export const kindOf = (id: string): ModelKind | undefined => findModel(id)?.kind;

export const CHAT_PATH = 'v1/chat/completions';
export const REALTIME_PATH = 'v1/realtime';
export const SPEECH_PATH = 'v1/audio/speech';
export const TRANSCRIPTIONS_PATH = 'v1/audio/transcriptions';

/** Transcription models that only work inside a Realtime session (input_audio_transcription). */
const REALTIME_ONLY = new Set(['gpt-realtime-whisper']);

/** Where a model is served: chat and reasoning models on v1/chat/completions, and so on. */
export function pathOf(id: string): string | undefined {
  const m = findModel(id);
  if (!m) return undefined;
  switch (m.kind) {
    case 'chat':
    case 'reasoning':
      return CHAT_PATH;
    case 'realtime':
      return REALTIME_PATH;
    case 'speech':
      return SPEECH_PATH;
    case 'transcription':
      return REALTIME_ONLY.has(m.id) ? REALTIME_PATH : TRANSCRIPTIONS_PATH;
  }
}

/** The models v1/audio/speech names in its refusal of another model, in the service's order. */
const SPEECH_MODELS = ['tts-1', 'tts-1-hd', 'gpt-4o-mini-tts'];
/** The same for v1/audio/transcriptions. */
const TRANSCRIPTION_MODELS = ['whisper-1', 'gpt-4o-transcribe', 'gpt-4o-mini-transcribe', 'gpt-transcribe'];

/** The models an audio endpoint accepts today, as its invalid_value refusal lists them. */
export function modelsServedAt(path: string, today: string): string[] {
  const all = path === SPEECH_PATH ? SPEECH_MODELS : path === TRANSCRIPTIONS_PATH ? TRANSCRIPTION_MODELS : [];
  return all.filter((id) => isAvailable(id, today));
}

/** The reasoning_effort values a reasoning model accepts (the gpt-5 family differs); null for other models. */
export function reasoningEffortsOf(id: string): readonly string[] | null {
  const m = findModel(id);
  if (m?.kind !== 'reasoning') return null;
  return m.id.startsWith('gpt-5') ? ['minimal', 'low', 'medium', 'high'] : ['none', 'low', 'medium', 'high', 'xhigh'];
}

export const snapshotOf = (id: string): string => SNAPSHOTS[id] ?? id;

export function modelObject(
  id: string,
  shutdowns?: ShutdownDates
): {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
  shutdown_date: string | null;
} {
  const m = findModel(id);
  return {
    id,
    object: 'model',
    created: m?.created ?? 1700000000,
    owned_by: 'system',
    shutdown_date: shutdownOf(id, shutdowns)
  };
}

export function modelList(
  today: string,
  shutdowns?: ShutdownDates
): { object: 'list'; data: ReturnType<typeof modelObject>[] } {
  return {
    object: 'list',
    data: MODELS.filter((m) => isAvailable(m.id, today, shutdowns)).map((m) => modelObject(m.id, shutdowns))
  };
}
