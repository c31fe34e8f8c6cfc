import type { TextUtterance } from '../../shared/contract';
import type { CoreContext } from '../context';
import type { InvokeHandlers, StreamHandlers } from '../router';
import { realtimeCost, speechCost } from '../usage/prices';
import { createCloudVoice } from './cloud-voice';
import { OfflineSpeech } from './offline/offline-speech';
import { OPENAI_DEFAULT_VOICE, OPENAI_VOICES } from './openai-voice';
import { SpeechService } from './speech-service';
import { StreamPlayer } from './stream-player';
import type { TextLink } from './outputs';
import { PageTextLink } from './text-link';

const HEADLESS_SPEECH = { provider: 'screen-reader', earcons: false } as const;

/** Everything Lumen says: the voices, the window's player and screen reader, and their channels. */
export function createSpeech(
  ctx: CoreContext,
  options: { write?: (utterance: TextUtterance) => void; onListening?: () => void } = {}
) {
  const { settings, access, announce } = ctx;
  // The renderer that opened the speech stream last is the one that plays.
  let player: StreamPlayer | undefined;
  const textLink = new PageTextLink(ctx.page, ctx.emit);
  // A voice name Lumen does not have is said once, then the default voice speaks.
  const warned = new Set<string>();
  const warnOnce = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    announce({ level: 'error', text });
  };
  // One offline engine (its worker thread and voice list) for this core: a host makes one core per process.
  const offlineSpeech = new OfflineSpeech({ logger: ctx.logger });
  const offlineVoice = offlineSpeech.voice({ onWarning: warnOnce });
  /** The OpenAI voice's sentences compared with what it said (diagnostics). */
  const readBack = { sentences: 0, differed: 0, repeated: 0 };
  const cloudVoice = createCloudVoice({
    models: ctx.models,
    endpoint: access.endpoint,
    key: access.key,
    voice: () => {
      const wanted = settings.get().speech.openaiVoice;
      if ((OPENAI_VOICES as readonly string[]).includes(wanted)) return wanted;
      warnOnce(`The OpenAI voice has no voice called "${wanted}"; using ${OPENAI_DEFAULT_VOICE}.`);
      return OPENAI_DEFAULT_VOICE;
    },
    instructions: () => settings.get().speech.instructions || undefined,
    // A sentence read with other numbers or names is said again by the voice that reads exactly.
    reread: (text, signal) => offlineVoice.synthesize({ text, rate: settings.get().speech.rate, signal }),
    onReadBack: ({ differed, repeated }) => {
      readBack.sentences += 1;
      if (differed) readBack.differed += 1;
      if (repeated) readBack.repeated += 1;
    },
    onRealtimeUsage: (model, used) => ctx.spending.add(realtimeCost(model, used)),
    onCharacters: (model, characters) => ctx.spending.add(speechCost(model, characters)),
    fetchImpl: ctx.fetchImpl,
    logger: ctx.logger
  });
  // The command line has no window: what would be said is written out by the host instead.
  const headless = ctx.host === 'cli';
  const written: TextLink = {
    say: async (utterance) => {
      options.write?.(utterance);
      return 'spoken';
    },
    control: () => {}
  };
  const speech = new SpeechService({
    outputs: headless ? { player: () => undefined, text: written } : { player: () => player, text: textLink },
    settings: () => ({ ...settings.get().speech, ...(headless ? HEADLESS_SPEECH : {}) }),
    openaiVoice: async () => ((await access.key(access.endpoint())) ? cloudVoice : undefined),
    whyNoKey: () => access.whyNoKey(access.endpoint()),
    offlineVoice: () => offlineVoice,
    announce,
    earcon: ctx.earcon,
    onState: (state) => ctx.emit('speech.state', state),
    logger: ctx.logger
  });
  ctx.spending.onLimitReached((refusal) => speech.say(refusal));
  settings.onChange(() => speech.resetHealth());

  const handlers: Pick<InvokeHandlers, 'speech.speak' | 'speech.control'> = {
    'speech.speak': ({ text, urgent, provider }) => {
      if (!text.trim()) return { id: null };
      return { id: `${speech.speak(text, { urgent, kind: 'message', provider }).id}` };
    },
    'speech.control': ({ action }) => {
      const actions = {
        stop: () => speech.stop(),
        pause: () => speech.pause(),
        resume: () => speech.resume(),
        skip: () => speech.skip(),
        repeat: () => speech.repeat(),
        spell: () => speech.spell(),
        slowly: () => speech.readSlowly()
      };
      actions[action]();
      return speech.state();
    }
  };
  const streams: Pick<StreamHandlers, 'speech.audio'> = {
    'speech.audio': (sink) => {
      const opened = new StreamPlayer(sink, (closed) => {
        if (player === closed) player = undefined;
      });
      player = opened;
      // A window that can hear: shutdowns of models the user chose are said now (at most once a day).
      ctx.models.announceShutdowns();
      options.onListening?.();
      return opened;
    }
  };
  return {
    speech,
    player: () => player,
    readBack: () => readBack,
    /** The offline voice's engine, to warm it up and count its workers. */
    offline: offlineSpeech,
    close: () => offlineSpeech.close(),
    handlers,
    streams
  };
}
