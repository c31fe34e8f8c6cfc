import type { Espeak } from './espeak-runner.mts';

export const OFFLINE_DEFAULT_VOICE = 'en-us';

export interface OfflineVoiceInfo {
  /** The name to pass as `voice`, e.g. "en-us", "de", "fr-fr". */
  id: string;
  /** espeak's description, e.g. "English (America)". */
  name: string;
  /** Other language tags the voice answers to (lower case), e.g. "en" or "zh", with espeak's priority. */
  languages: { tag: string; priority: number }[];
}

/** The voices built into the offline engine, asked of espeak once and kept (asked again after a failure). */
export class OfflineVoiceList {
  private voices: Promise<OfflineVoiceInfo[]> | undefined;

  constructor(private readonly espeak: Espeak) {}

  list(): Promise<OfflineVoiceInfo[]> {
    const voices = (this.voices ??= this.espeak.run(['--voices']).then(({ output }) => {
      const parsed = parseVoiceList(output);
      if (!parsed.length) throw new Error(output.join(' ') || 'espeak-ng listed no voices');
      return parsed;
    }));
    voices.catch(() => {
      if (this.voices === voices) this.voices = undefined;
    });
    return voices;
  }
}

/** Reads `espeak-ng --voices`: "Pty Language Age/Gender VoiceName File Other Languages". */
export function parseVoiceList(lines: string[]): OfflineVoiceInfo[] {
  const voices = new Map<string, OfflineVoiceInfo>();
  for (const line of lines) {
    const match = /^\s*\d+\s+(\S+)\s+\S+\s+(\S+)\s+\S+\s*(.*)$/.exec(line);
    if (!match) continue;
    const id = match[1]!.toLowerCase();
    if (voices.has(id)) continue;
    const languages = [...match[3]!.matchAll(/\((\S+)\s+(\d+)\)/g)].map((m) => ({
      tag: m[1]!.toLowerCase(),
      priority: Number(m[2])
    }));
    voices.set(id, { id, name: match[2]!.replace(/_/g, ' '), languages });
  }
  return [...voices.values()];
}

/**
 * Which espeak voice speaks a request: the named voice if there is one ("fr-fr", or a language espeak
 * knows such as "fr"), else the best match for the language ("de-AT" → "de"), else the default.
 * Naming a voice that does not exist gives a warning.
 */
export function chooseOfflineVoice(
  voices: OfflineVoiceInfo[],
  request: { voice?: string; language?: string }
): { id: string; warning?: string } {
  const byId = (id: string) => voices.find((v) => v.id === id);
  const wanted = request.voice?.trim().toLowerCase();
  if (wanted) {
    const named = byId(wanted) ?? bestForLanguage(voices, wanted);
    if (named) return { id: named.id };
    return {
      id: chooseOfflineVoice(voices, { language: request.language }).id,
      warning: `The offline voice has no "${request.voice!.trim()}" voice; using the default.`
    };
  }
  const subtags = request.language?.trim().toLowerCase().replace(/_/g, '-').split('-') ?? [];
  for (let n = subtags.length; n > 0; n--) {
    const tag = subtags.slice(0, n).join('-');
    const match = byId(tag) ?? bestForLanguage(voices, tag);
    if (match) return { id: match.id };
  }
  return { id: OFFLINE_DEFAULT_VOICE };
}

/** The voice espeak ranks first for a language tag (lowest priority number); the default wins ties. */
function bestForLanguage(voices: OfflineVoiceInfo[], tag: string): OfflineVoiceInfo | undefined {
  let best: { voice: OfflineVoiceInfo; priority: number } | undefined;
  for (const voice of voices) {
    const entry = voice.languages.find((l) => l.tag === tag);
    if (!entry) continue;
    const better =
      !best ||
      entry.priority < best.priority ||
      (entry.priority === best.priority && voice.id === OFFLINE_DEFAULT_VOICE);
    if (better) best = { voice, priority: entry.priority };
  }
  return best?.voice;
}
