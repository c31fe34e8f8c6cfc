/** Models the fake knows; unknown names get the service's model_not_found 404. */
export const MODELS: Array<{ id: string; created: number }> = [
  { id: 'gpt-4o', created: 1715367049 },
  { id: 'gpt-4o-2024-08-06', created: 1722814719 },
  { id: 'gpt-4o-mini', created: 1721172741 },
  { id: 'gpt-4o-mini-2024-07-18', created: 1721172717 },
  { id: 'gpt-4.1', created: 1744316542 },
  { id: 'gpt-4.1-mini', created: 1744318173 },
  { id: 'gpt-4.1-nano', created: 1744321707 },
  { id: 'gpt-5', created: 1754425777 },
  { id: 'gpt-5-mini', created: 1754425928 },
  { id: 'gpt-5-nano', created: 1754426384 },
  { id: 'gpt-realtime', created: 1756271701 },
  { id: 'gpt-realtime-mini', created: 1759517133 },
  { id: 'gpt-4o-realtime-preview', created: 1727659998 },
  { id: 'gpt-4o-mini-realtime-preview', created: 1734387380 },
  { id: 'gpt-4o-mini-tts', created: 1742403959 },
  { id: 'tts-1', created: 1681940951 },
  { id: 'tts-1-hd', created: 1699046015 },
  { id: 'whisper-1', created: 1677532384 },
  { id: 'gpt-4o-transcribe', created: 1742068463 },
  { id: 'gpt-4o-mini-transcribe', created: 1742068596 }
];

/** The dated snapshot the service reports for an alias (recordings show gpt-4o-mini → gpt-4o-mini-2024-07-18). */
const SNAPSHOTS: Record<string, string> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1': 'gpt-4.1-2025-04-14',
  'gpt-4.1-mini': 'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14'
};

export function isKnownModel(id: string): boolean {
  if (MODELS.some((m) => m.id === id)) return true;
  // Dated snapshots of known families, e.g. gpt-4o-2024-11-20.
  return MODELS.some((m) => id.startsWith(`${m.id}-20`));
}

export const snapshotOf = (id: string): string => SNAPSHOTS[id] ?? id;

export function modelObject(id: string): { id: string; object: 'model'; created: number; owned_by: string } {
  const m = MODELS.find((x) => x.id === id);
  return { id, object: 'model', created: m?.created ?? 1700000000, owned_by: 'system' };
}

export function modelList(): { object: 'list'; data: ReturnType<typeof modelObject>[] } {
  return { object: 'list', data: MODELS.map((m) => modelObject(m.id)) };
}
