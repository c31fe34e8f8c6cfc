// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package has no types of its own
/// <reference path="../audio/espeak-ng.d.ts" />
import { readFile } from 'node:fs/promises';
import type { ESpeakNgInstance, ESpeakNgOptions } from 'espeak-ng';
import { resample } from '../audio/resample';
import { decodeWav } from '../audio/wav';
import { SAMPLE_RATE, VoiceError, type AudioVoice, type SynthesisRequest } from './voice';

/*
 * The offline voice: eSpeak NG compiled to WebAssembly (the `espeak-ng` package, voices built in).
 * It sounds robotic but needs no network, no key and no download, so Lumen can always speak.
 */

export const OFFLINE_DEFAULT_VOICE = 'en-us';

/** espeak-ng's speed for rate 1, in words per minute, and the range it accepts. */
const NORMAL_WPM = 175;
const MIN_WPM = 80;
const MAX_WPM = 450;
/** Blocks of about 100 ms, so playback can start and stop at a fine grain. */
const BLOCK_SAMPLES = SAMPLE_RATE / 10;
const OUTPUT_FILE = '/lumen.wav';

export interface OfflineVoiceInfo {
  /** The name to pass as `voice`, e.g. "en-us", "de", "fr-fr". */
  id: string;
  /** espeak's description, e.g. "English (America)". */
  name: string;
  /** Other language tags the voice answers to (lower case), e.g. "en" or "zh", with espeak's priority. */
  languages: { tag: string; priority: number }[];
}

export interface OfflineVoiceOptions {
  /**
   * Told (in words that can be spoken) when a request asks for a voice this engine does not have;
   * the voice then speaks with the default voice instead of failing.
   */
  onWarning?: (message: string) => void;
}

export const wordsPerMinute = (rate: number): number =>
  Math.round(Math.min(MAX_WPM, Math.max(MIN_WPM, NORMAL_WPM * (Number.isFinite(rate) ? rate : 1))));

/**
 * Text made safe to hand to espeak's command line: control characters become spaces (a NUL would end
 * the text early) and "[[" is broken up, because espeak reads [[…]] as phoneme codes.
 */
export function sanitizeForEspeak(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ').replace(/\[\[/g, '[ [');
}

/** Node has WebAssembly, but without the DOM library TypeScript does not declare it. */
const wasmRuntime = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;
interface WasmRuntime {
  compile(bytes: Uint8Array): Promise<object>;
  /** Given a compiled module, resolves to the instance. */
  instantiate(module: object, imports: object): Promise<object>;
}

let wasm: Promise<object> | undefined;

/**
 * Runs espeak-ng once. The compiled WebAssembly is kept between runs (compiling the 18 MB module
 * is most of the cost of a run), but each run gets a fresh instance, as espeak keeps global state.
 */
async function runEspeak(
  args: string[]
): Promise<{ files: (path: string) => Uint8Array | undefined; output: string[] }> {
  const { default: ESpeakNg } = await import('espeak-ng');
  const output: string[] = [];
  let wasmPath = '';
  let failed: (error: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => (failed = reject));
  const options: ESpeakNgOptions = {
    arguments: args,
    print: (line) => output.push(line),
    printErr: (line) => output.push(line),
    locateFile: (file, dir) => (wasmPath = dir + file),
    instantiateWasm: (imports, receiveInstance) => {
      const compiled = (wasm ??= readFile(wasmPath).then((bytes) => wasmRuntime.compile(bytes)));
      compiled
        .then(async (module) => receiveInstance(await wasmRuntime.instantiate(module, imports), module))
        .catch((error: unknown) => {
          wasm = undefined;
          failed(error);
        });
      return {};
    }
  };
  // Emscripten never settles its promise when our instantiateWasm fails; `failure` covers that.
  // Its exit handler may set process.exitCode, which is not espeak's to decide.
  const exitCode = process.exitCode;
  let instance: ESpeakNgInstance;
  try {
    instance = await Promise.race([ESpeakNg(options), failure]);
  } finally {
    process.exitCode = exitCode;
  }
  return {
    files: (path) => {
      try {
        return instance.FS.readFile(path);
      } catch {
        return undefined;
      }
    },
    output
  };
}

let voiceList: Promise<OfflineVoiceInfo[]> | undefined;

/** The voices built into the offline engine (cached after the first call). */
export function listOfflineVoices(): Promise<OfflineVoiceInfo[]> {
  voiceList ??= runEspeak(['--voices']).then(({ output }) => parseVoiceList(output));
  voiceList.catch(() => (voiceList = undefined));
  return voiceList;
}

/**
 * Compiles the engine and reads its voice list ahead of time (a few hundred milliseconds, once per
 * process), so the first sentence is not the slow one. Optional; failures show up on first use.
 */
export async function prepareOfflineVoice(): Promise<void> {
  await listOfflineVoices().catch(() => undefined);
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

/**
 * The offline voice. It makes each request's audio in one go (about 30 ms per second of speech), then
 * yields it in 100 ms blocks. Aborting ends the iteration quietly, without an error.
 */
export function createOfflineVoice(options: OfflineVoiceOptions = {}): AudioVoice {
  return {
    id: 'offline',
    async *synthesize(request: SynthesisRequest): AsyncIterable<Int16Array> {
      const text = sanitizeForEspeak(request.text).trim();
      if (!text || request.signal.aborted) return;
      // The voice list costs an espeak run of its own; the default voice needs no lookup.
      const needsLookup = Boolean(request.voice?.trim() || request.language?.trim());
      const choice = needsLookup
        ? chooseOfflineVoice(await listOfflineVoices(), request)
        : { id: OFFLINE_DEFAULT_VOICE };
      if (choice.warning) options.onWarning?.(choice.warning);
      if (request.signal.aborted) return;
      const args = ['-v', choice.id, '-s', String(wordsPerMinute(request.rate)), '-w', OUTPUT_FILE, '--', text];
      let audio: Int16Array;
      try {
        const run = await runEspeak(args);
        const wav = run.files(OUTPUT_FILE);
        if (!wav) throw new Error(run.output.join(' ') || 'espeak-ng wrote no audio');
        const decoded = decodeWav(wav);
        audio = resample(decoded.samples, decoded.sampleRate, SAMPLE_RATE);
      } catch {
        throw new VoiceError('The offline voice could not speak this.', false);
      }
      for (let at = 0; at < audio.length; at += BLOCK_SAMPLES) {
        if (request.signal.aborted) return;
        yield audio.slice(at, at + BLOCK_SAMPLES);
      }
    }
  };
}
