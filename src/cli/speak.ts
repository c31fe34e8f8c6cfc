import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { encodeWav } from '../core/audio/wav';
import { resolveEndpoint } from '../core/openai/endpoint';
import type { OfflineSpeech } from '../core/speech/offline/offline-speech';
import type { OfflineVoiceList } from '../core/speech/offline/voice-list';
import { createCloudVoice } from '../core/speech/cloud-voice';
import { OPENAI_DEFAULT_VOICE, OPENAI_VOICES } from '../core/speech/openai-voice';
import { VoiceError, type AudioVoice, type SynthesisRequest } from '../core/speech/voice';
import { SAMPLE_RATE } from '../shared/audio-frames';
import type { SpeechSettings } from '../shared/settings';
import { openModels } from './cloud';
import { EXIT, loadCliContext, withOfflineSpeech, type CliIo } from './context';

export interface SpeakArgs {
  text: string;
  out?: string;
  voice?: string;
  rate?: string;
  provider?: string;
}

const MIN_RATE = 0.5;
const MAX_RATE = 2;

type Provider = 'openai' | 'offline';

/**
 * `lumen speak`: the OpenAI voice when a key is set, else the offline voice; if the OpenAI voice
 * fails for any reason, the offline voice says it instead, so the command speaks whenever it can.
 * There is no `system` provider here: the system voice is the app's (Web Speech), and on Linux the
 * offline voice already is eSpeak NG.
 */
export function runSpeak(args: SpeakArgs, io: CliIo): Promise<number> {
  return withOfflineSpeech((offlineSpeech) => speak(args, io, offlineSpeech));
}

async function speak(args: SpeakArgs, io: CliIo, offlineSpeech: OfflineSpeech): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  let rate: number | undefined;
  if (args.rate !== undefined) {
    rate = Number(args.rate);
    if (args.rate.trim() === '' || !Number.isFinite(rate) || rate < MIN_RATE || rate > MAX_RATE) {
      return usage(`--rate must be a number from ${MIN_RATE} to ${MAX_RATE} (1 is normal speed).`);
    }
  }
  if (args.provider === 'system') {
    return usage('The system voice exists only in the Lumen app; here use --provider openai or --provider offline.');
  }
  if (args.provider !== undefined && args.provider !== 'openai' && args.provider !== 'offline') {
    return usage(`"${args.provider}" is not a voice provider; use --provider openai or --provider offline.`);
  }
  const text = args.text.trim();
  if (!text) return EXIT.ok;

  // Without --out, find a player before spending time (or money) on speech nobody can hear.
  let player: Player | undefined;
  if (args.out === undefined) {
    player = await findPlayer(io.env);
    if (!player) {
      io.err('No audio player found on this computer; use --out file.wav to save the speech.');
      return EXIT.failed;
    }
  }

  const context = await loadCliContext(io);
  const { env, settings, secrets } = context;
  const endpoint = resolveEndpoint(settings.endpoint, env);
  const key = await secrets.getKey(endpoint).catch(() => undefined);
  const provider = await chooseProvider(args, key !== undefined, offlineSpeech.voices);

  const request = (voice: string | undefined): SynthesisRequest => ({
    text,
    voice,
    rate: rate ?? settings.speech.rate,
    language: settings.speech.language || undefined,
    signal: new AbortController().signal
  });
  const offline = offlineSpeech.voice({ onWarning: (message) => io.err(message) });

  let audio: Int16Array | undefined;
  if (provider === 'openai') {
    try {
      if (!key) {
        const why = (await secrets.status(endpoint).catch(() => undefined))?.withheld;
        throw new VoiceError(why ?? 'No API key is set for the OpenAI voice.', true);
      }
      const models = await openModels(context, io);
      const voiceName = openAIVoiceName(args.voice, settings.speech, io);
      const voice = createCloudVoice({
        models,
        endpoint: () => endpoint,
        key: async (at) => (at === endpoint ? key : undefined),
        voice: () => voiceName,
        instructions: () => settings.speech.instructions || undefined,
        fetchImpl: io.fetchImpl
      });
      try {
        audio = await speakAll(voice, request(undefined));
      } finally {
        voice.close();
        await models.flushed();
      }
    } catch (error) {
      if (!(error instanceof VoiceError)) throw error;
      io.err(`${error.message.replace(/\.$/, '')}; using the offline voice instead.`);
    }
  }
  if (!audio) {
    // A --voice meant for the OpenAI voice means nothing to the offline one: use the saved choice.
    const voiceName = provider === 'offline' ? args.voice : undefined;
    try {
      audio = await speakAll(offline, request(voiceName ?? (settings.speech.voice || undefined)));
    } catch (error) {
      io.err(error instanceof VoiceError ? error.message : `The offline voice failed: ${(error as Error).message}`);
      return EXIT.failed;
    }
  }

  const wav = encodeWav(audio, SAMPLE_RATE);
  if (args.out !== undefined) {
    try {
      await writeFile(args.out, wav);
    } catch (error) {
      io.err(`Lumen could not save the speech to ${args.out}: ${(error as Error).message}`);
      return EXIT.failed;
    }
    io.out(`Saved ${(audio.length / SAMPLE_RATE).toFixed(1)} seconds of speech to ${args.out}.`);
    return EXIT.ok;
  }
  return (await play(player!, wav, io)) ? EXIT.ok : EXIT.failed;
}

/**
 * --provider wins; otherwise the OpenAI voice when there is a key, unless --voice names a voice
 * only the offline engine has ("--voice de" clearly asks for the offline German voice).
 */
async function chooseProvider(args: SpeakArgs, hasKey: boolean, offlineVoices: OfflineVoiceList): Promise<Provider> {
  if (args.provider === 'openai' || args.provider === 'offline') return args.provider;
  if (!hasKey) return 'offline';
  const wanted = args.voice?.trim().toLowerCase();
  if (wanted && !isOpenAIVoice(wanted)) {
    const voices = await offlineVoices.list().catch(() => []);
    if (voices.some((v) => v.id === wanted || v.languages.some((l) => l.tag === wanted))) return 'offline';
  }
  return 'openai';
}

const isOpenAIVoice = (name: string) => (OPENAI_VOICES as readonly string[]).includes(name);

function openAIVoiceName(flag: string | undefined, speech: SpeechSettings, io: CliIo): string {
  const wanted = flag?.trim().toLowerCase() || speech.openaiVoice;
  if (isOpenAIVoice(wanted) || !flag) return wanted;
  io.err(`The OpenAI voice has no "${flag.trim()}" voice; using ${OPENAI_DEFAULT_VOICE}.`);
  return OPENAI_DEFAULT_VOICE;
}

async function speakAll(voice: AudioVoice, request: SynthesisRequest): Promise<Int16Array> {
  const blocks: Int16Array[] = [];
  let length = 0;
  for await (const block of voice.synthesize(request)) {
    blocks.push(block);
    length += block.length;
  }
  const audio = new Int16Array(length);
  let at = 0;
  for (const block of blocks) {
    audio.set(block, at);
    at += block.length;
  }
  return audio;
}

interface Player {
  name: string;
  command: string;
  args: (file: string) => string[];
}

/** Players that take a WAV file and return when it has been heard, in order of preference. */
function candidatePlayers(): Omit<Player, 'command'>[] {
  if (process.platform === 'darwin') return [{ name: 'afplay', args: (f) => [f] }];
  if (process.platform === 'win32') {
    return [
      {
        name: 'powershell',
        args: (f) => [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          `(New-Object System.Media.SoundPlayer '${f.replace(/'/g, "''")}').PlaySync()`
        ]
      }
    ];
  }
  return [
    { name: 'pw-play', args: (f) => [f] },
    { name: 'paplay', args: (f) => [f] },
    { name: 'aplay', args: (f) => ['-q', f] },
    { name: 'ffplay', args: (f) => ['-nodisp', '-autoexit', '-loglevel', 'quiet', f] }
  ];
}

async function findPlayer(env: NodeJS.ProcessEnv): Promise<Player | undefined> {
  for (const candidate of candidatePlayers()) {
    const command = await findOnPath(candidate.name, env);
    if (command) return { ...candidate, command };
  }
  return undefined;
}

async function findOnPath(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  const extensions = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of extensions) {
      const candidate = join(dir, name + ext);
      try {
        await access(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here; keep looking
      }
    }
  }
  return undefined;
}

/** Plays through a temporary WAV file, removed afterwards. */
async function play(player: Player, wav: Uint8Array, io: CliIo): Promise<boolean> {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-speak-'));
  const file = join(dir, 'speech.wav');
  try {
    await writeFile(file, wav);
    await new Promise<void>((resolve, reject) =>
      execFile(player.command, player.args(file), { env: io.env, windowsHide: true }, (error) =>
        error ? reject(error) : resolve()
      )
    );
    return true;
  } catch (error) {
    io.err(`The audio player (${player.name}) could not play the speech: ${(error as Error).message.trim()}`);
    return false;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
