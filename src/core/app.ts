import type {
  Earcon,
  EventChannel,
  EventPayload,
  ReadSource,
  ScreenRegion,
  ShortcutReport,
  StatusMessage
} from '../shared/contract';
import { Assistant } from './assistant/assistant';
import { History } from './history/history';
import { ImageError } from './imaging/errors';
import { OcrEngine } from './ocr/engine';
import { shieldImage } from './privacy';
import { OcrError } from './ocr/errors';
import { installedLanguages, languageName } from './ocr/languages';
import { NO_TEXT, readableParagraphs } from './ocr/navigator';
import { checkConnection } from './openai/connection';
import { baseUrlProblem, resolveEndpoint } from './openai/endpoint';
import {
  MemoryRecordStore,
  silentLogger,
  type Environment,
  type RecordStore,
  type Logger,
  type SecretStore,
  type ScreenSource,
  type SettingsStore,
  type ShortcutPort
} from './ports';
import { LumenError } from '../shared/errors';
import { uploadSize } from '../shared/image-size';
import { NOTHING_READ, TextReading } from './reading/text-reading';
import { Router } from './router';
import { SettingsService } from './settings/settings-service';
import { OfflineSpeech } from './speech/offline/offline-speech';
import { createCloudVoice } from './speech/cloud-voice';
import { OPENAI_DEFAULT_VOICE, OPENAI_VOICES } from './speech/openai-voice';
import { SpeechService } from './speech/speech-service';
import { StreamPlayer } from './speech/stream-player';
import type { LookSource } from './realtime';
import { preparePicture, type PictureInput } from './vision/picture';
import { PagePictures, type PagePicture } from './voice/page-pictures';
import { Budget } from './usage/budget';
import { chatCost, realtimeCost, speechCost, transcriptionCost, type Cost } from './usage/prices';
import { UsageCounter } from './usage/usage-counter';
import { MemoryKeyVault, type KeyVault } from './secrets';
import { ModelService } from './models/model-service';
import { VoiceService } from './voice/voice-service';
import { EventTextLink } from './speech/text-link';

export interface CoreDeps {
  host: 'electron' | 'web' | 'cli';
  version: string;
  platform: string;
  secrets: SecretStore;
  settingsStore: SettingsStore;
  env: Environment;
  /** Absent where global hotkeys do not exist (web host, CLI). */
  shortcuts?: ShortcutPort;
  logger?: Logger;
  fetchImpl?: typeof fetch;
  routerTimeoutMs?: number;
  /** Screenshots taken by the host itself (Electron); absent where the page captures. */
  screen?: ScreenSource;
  /** Where this month's spending and the optional history are kept; default: memory, for this run. */
  records?: RecordStore;
  /** Holds the history's encryption key apart from it (the OS keychain where there is one). */
  historyKeys?: KeyVault;
}

export type CoreListener = <E extends EventChannel>(channel: E, payload: EventPayload<E>) => void;

export interface Core {
  router: Router;
  settings: SettingsService;
  speech: SpeechService;
  assistant: Assistant;
  /** Things the user must hear about that happened before any window could listen. */
  startupNotices: StatusMessage[];
  /** Hosts subscribe to forward core's events to their renderers. */
  subscribe(listener: CoreListener): () => void;
  announce(message: StatusMessage): void;
  endpoint(): string;
  /** Readies the offline voice off the calling thread, so the first words without a key come quickly. */
  prepareOfflineVoice(): Promise<void>;
}

const FORGOTTEN =
  'Everything Lumen remembered is forgotten: the history, the last pictures and answers, the conversation and the text read last.';

const NO_GLOBAL_SHORTCUTS: ShortcutReport = { supported: false, entries: [] };

export async function createCore(deps: CoreDeps): Promise<Core> {
  const logger = deps.logger ?? silentLogger;
  const { service: settings, reset } = await SettingsService.open(deps.settingsStore);
  const listeners = new Set<CoreListener>();
  const emit = (channel: EventChannel, payload: unknown) =>
    listeners.forEach((l) => l(channel, payload as EventPayload<typeof channel>));
  const announce = (message: StatusMessage) => emit('status', message);
  const endpoint = () => resolveEndpoint(settings.get().endpoint, deps.env);
  // Every client asks for the key with the endpoint it is about to call: the key goes only where it is bound.
  const keyFor = (at: string) => deps.secrets.getKey(at);
  /** Why no key goes to `at` although Lumen holds one (the sentence to say), or undefined. */
  const whyNoKey = async (at: string) => {
    const status = await deps.secrets.status(at).catch(() => undefined);
    return status && !status.keySet ? status.withheld : undefined;
  };
  // Read now, before anything can change the endpoint: a key kept by an earlier Lumen without its
  // endpoint is bound to the one configured at start-up.
  await deps.secrets
    .status(endpoint())
    .catch((error: unknown) => logger.warn('the API key could not be read', { error: String(error) }));

  const records = deps.records ?? new MemoryRecordStore();
  const budget = await Budget.open(records, () => settings.get().budget.monthlyLimitUsd, logger);
  const { history, notice: historyNotice } = await History.open(
    records,
    deps.historyKeys ?? new MemoryKeyVault(),
    () => settings.get().privacy.history,
    logger
  );

  const models = await ModelService.open({
    records,
    settings: () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
    endpoint,
    key: keyFor,
    // Retirements and shutdown notices, said (the speech service is made below, before any is said).
    say: (text) => speech.say(text, 'info'),
    onChange: (status) => emit('models.changed', status),
    fetchImpl: deps.fetchImpl,
    logger
  });

  const startupNotices: StatusMessage[] = [];
  if (historyNotice) startupNotices.push({ level: 'error', text: historyNotice });
  const unsafeBaseUrl = baseUrlProblem(settings.get().endpoint, deps.env);
  if (unsafeBaseUrl) startupNotices.push({ level: 'error', text: unsafeBaseUrl });
  if (reset.length) {
    startupNotices.push({
      level: 'error',
      text: `Some saved settings could not be read and were set back to their defaults: ${reset.join(', ')}.`
    });
  }
  const failedShortcuts = deps.shortcuts?.apply(settings.get().shortcuts).entries.filter((e) => !e.registered) ?? [];
  if (failedShortcuts.length) {
    startupNotices.push({
      level: 'error',
      text: `${failedShortcuts.length} global ${failedShortcuts.length === 1 ? 'hotkey' : 'hotkeys'} could not be set up. Settings lists which and why.`
    });
  }

  // Short sounds only when the user wants them; "stop" always goes, so a loop never outlives its setting.
  const earcon = (sound: Earcon, action: 'play' | 'loop' | 'stop') => {
    if (settings.get().speech.earcons || action === 'stop') emit('earcon', { sound, action });
  };

  // The renderer that opened the speech stream last is the one that plays.
  let player: StreamPlayer | undefined;
  const textLink = new EventTextLink(emit);
  // A voice name Lumen does not have is said once, then the default voice speaks.
  const warned = new Set<string>();
  const warnOnce = (text: string) => {
    if (warned.has(text)) return;
    warned.add(text);
    announce({ level: 'error', text });
  };
  // One offline engine (its worker thread and voice list) for this core: a host makes one core per process.
  const offlineSpeech = new OfflineSpeech({ logger });
  const offlineVoice = offlineSpeech.voice({ onWarning: warnOnce });
  /** The OpenAI voice's sentences compared with what it said (diagnostics). */
  const readBack = { sentences: 0, differed: 0, repeated: 0 };
  const cloudVoice = createCloudVoice({
    models,
    endpoint,
    key: keyFor,
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
    onRealtimeUsage: (model, used) => spend(realtimeCost(model, used)),
    onCharacters: (model, characters) => spend(speechCost(model, characters)),
    fetchImpl: deps.fetchImpl,
    logger
  });
  const speech = new SpeechService({
    outputs: { player: () => player, text: textLink },
    settings: () => settings.get().speech,
    openaiVoice: async () => ((await keyFor(endpoint())) ? cloudVoice : undefined),
    whyNoKey: () => whyNoKey(endpoint()),
    offlineVoice: () => offlineVoice,
    announce,
    earcon,
    onState: (state) => emit('speech.state', state),
    logger
  });
  // Offline text reading: one warm engine, started the first time it is needed (reading aloud and
  // the privacy shield share it).
  let ocr: OcrEngine | undefined;
  const recognize = (image: Uint8Array) =>
    (ocr ??= new OcrEngine({ logger })).recognize(image, { lang: settings.get().reading.language });

  const usage = new UsageCounter();
  /**
   * Adds a request's cost. The moment the monthly limit is reached the user hears it, once, and
   * nothing more is sent: a conversation ends (its last words are cut short).
   */
  const spend = (cost: Cost) => {
    if (!budget.add(cost)) return;
    speech.say(budget.refusal()!);
    voice.stop();
  };
  const shieldPicture = async (jpeg: Buffer) => shieldImage(jpeg, await recognize(jpeg));
  // The windows on the screen, where the host can list them: a picture of the screen names none itself.
  const listWindows = deps.screen?.visibleWindows?.bind(deps.screen);
  // The windows on the screen when the page was last given a screenshot, from which it cuts regions.
  let pageShotWindows: string[] | undefined;
  const withPageShot = <T extends { source: string }>(input: T) =>
    input.source === 'screen' || input.source === 'region' ? { ...input, windowsAtCapture: pageShotWindows } : input;

  const assistant = new Assistant({
    endpoint,
    key: keyFor,
    whyNoKey,
    settings: () => settings.get().assistant,
    models,
    privacy: () => settings.get().privacy,
    shield: shieldPicture,
    readOffline: (image) => readAloud(image, 'screen', undefined, false),
    visibleWindows: listWindows,
    usage: (used, model) => {
      usage.addChat(used);
      spend(chatCost(model, used));
    },
    refusal: () => budget.refusal(),
    remember: (entry) => history.add(entry),
    speech,
    emit,
    announce,
    earcon,
    fetchImpl: deps.fetchImpl
  });

  // The spoken conversation. Its pictures pass the same rules as a describe's, except the capture
  // guard (the model asked, or the user chose to show it) and "ask" (nobody can be asked mid-sentence,
  // so private text is hidden).
  const pagePictures = new PagePictures((requestId, source) => emit('voice.look', { requestId, source }));
  // The host captures at the size that is sent, so a 4K screenshot is never made only to be shrunk.
  const captureForUpload = (screen: ScreenSource, target: 'screen' | 'window') => {
    const detail = settings.get().assistant.detail;
    return screen.capture(target, {
      fit: (w, h) => uploadSize(w, h, detail),
      displayId: settings.get().capture.displayId
    });
  };
  const takePicture = async (source: LookSource): Promise<PagePicture> => {
    if (source === 'camera' || !deps.screen) return pagePictures.request(source);
    const shot = await captureForUpload(deps.screen, source);
    return { image: shot.image, windowName: shot.name };
  };
  const pictureForVoice = async (input: PictureInput, source: LookSource | 'region'): Promise<Buffer> => {
    const privacy = settings.get().privacy;
    const picture = await preparePicture(
      { ...input, showsScreen: source === 'screen' || source === 'region' },
      {
        privacy: { ...privacy, shield: privacy.shield === 'ask' ? 'on' : privacy.shield },
        detail: settings.get().assistant.detail,
        shield: shieldPicture,
        guard: false,
        visibleWindows: listWindows
      }
    );
    if (!picture.sent) throw new LumenError('UNAVAILABLE', picture.message);
    if (picture.hidden) announce({ level: 'info', text: picture.hidden });
    return picture.jpeg;
  };
  const voice = new VoiceService({
    endpoint,
    models,
    key: keyFor,
    whyNoKey,
    settings: () => settings.get(),
    player: () => player,
    speech,
    look: async (source) => pictureForVoice(await takePicture(source), source),
    emit: (channel, payload) => {
      if (channel === 'voice.caption') rememberCaption(payload as EventPayload<'voice.caption'>);
      emit(channel, payload);
    },
    earcon,
    usage: (used) => {
      usage.addRealtime(used);
      spend(realtimeCost(voice.model(), used));
    },
    captionsUsage: (model, seconds) => spend(transcriptionCost(model, seconds)),
    refusal: () => budget.refusal(),
    logger
  });
  // The conversation's finished exchanges, for the optional history: what was heard, then the reply.
  let heard = '';
  const rememberCaption = (caption: EventPayload<'voice.caption'>) => {
    if (!caption.final) return;
    if (caption.role === 'user') heard = caption.text;
    else {
      history.add({ source: 'conversation', question: heard, answer: caption.text });
      heard = '';
    }
  };

  // The text read last, for moving through it line by line.
  let reading: TextReading | undefined;
  const readAloud = async (image: Uint8Array, source: ReadSource = 'file', region?: ScreenRegion, interrupt = true) => {
    if (interrupt) speech.stop();
    earcon('working', 'loop');
    let result;
    try {
      result = await recognize(image);
    } catch (error) {
      if (error instanceof ImageError || error instanceof OcrError)
        throw new LumenError('INVALID_REQUEST', error.message);
      throw error;
    } finally {
      earcon('working', 'stop');
    }
    reading = new TextReading(result, source, region);
    const paragraphs = readableParagraphs(result);
    if (!paragraphs.length) speech.speak(NO_TEXT, { kind: 'message' });
    else speech.speak(paragraphs.map((lines) => lines.join('\n')).join('\n\n'), { kind: 'answer' });
    return { lines: result.lines.length };
  };

  let keepHistory = settings.get().privacy.history;
  let lastEndpoint = endpoint();
  let lastModels = JSON.stringify(settings.get().models);
  settings.onChange((next) => {
    // A new endpoint has its own list of models; new choices change what is in use.
    if (endpoint() !== lastEndpoint) void models.refresh();
    if (endpoint() !== lastEndpoint || JSON.stringify(next.models) !== lastModels)
      emit('models.changed', models.status());
    lastEndpoint = endpoint();
    lastModels = JSON.stringify(next.models);
    // Switching the history off erases it: nothing is kept that the user no longer wants kept.
    if (keepHistory && !next.privacy.history) void history.forget();
    keepHistory = next.privacy.history;
    speech.resetHealth();
    voice.settingsChanged();
    emit('settings.changed', next);
  });

  const router = new Router(
    {
      'app.info': () => ({ name: 'Lumen', version: deps.version, host: deps.host, platform: deps.platform }),
      'app.ping': ({ nonce }) => ({ nonce }),
      'settings.get': () => settings.get(),
      'settings.update': async (patch) => {
        const before = settings.get();
        const next = await settings.update(patch);
        if (deps.shortcuts && JSON.stringify(before.shortcuts) !== JSON.stringify(next.shortcuts)) {
          const failed = deps.shortcuts.apply(next.shortcuts).entries.filter((e) => !e.registered);
          if (failed.length) {
            announce({
              level: 'error',
              text: failed.map((e) => e.problem ?? `${e.accelerator} could not be registered.`).join(' ')
            });
          }
        }
        return next;
      },
      'secrets.status': () => deps.secrets.status(endpoint()),
      // A key is entered for the endpoint in use, and is bound to it.
      'secrets.setKey': async ({ key }) => {
        await deps.secrets.setKey(key, endpoint());
        speech.resetHealth();
        void models.refresh();
        return deps.secrets.status(endpoint());
      },
      'secrets.clearKey': async () => {
        await deps.secrets.clearKey();
        return deps.secrets.status(endpoint());
      },
      'connection.check': async () => {
        const checked = endpoint();
        const key = await keyFor(checked);
        return checkConnection({
          endpoint: checked,
          key,
          withheld: key ? undefined : await whyNoKey(checked),
          fetchImpl: deps.fetchImpl,
          onModels: (list) => {
            models.adopt(list, checked);
            models.announceShutdowns();
          }
        });
      },
      'shortcuts.status': () => deps.shortcuts?.report() ?? NO_GLOBAL_SHORTCUTS,
      'read.image': ({ image, source, region }) => readAloud(image, source, region),
      'read.capture': async ({ target }) => {
        if (!deps.screen) throw new LumenError('UNSUPPORTED', 'This host cannot take screenshots itself.');
        const shot = await deps.screen.capture(target, { displayId: settings.get().capture.displayId });
        return readAloud(shot.image, target);
      },
      'read.navigate': ({ action }) => {
        if (!reading) throw new LumenError('UNAVAILABLE', NOTHING_READ);
        const answer = reading.go(action);
        // A new line cuts off whatever was being said: moving through text must feel instant.
        speech.stop();
        const rate = action === 'spell-word' ? Math.min(1, settings.get().speech.rate) : undefined;
        speech.speak(answer.text, { kind: 'message', rate });
        return answer;
      },
      'read.languages': () => ({
        installed: installedLanguages().map((code) => ({ code, name: languageName(code) })),
        chosen: settings.get().reading.language
      }),
      'screen.displays': () => ({ supported: !!deps.screen, displays: deps.screen?.displays() ?? [] }),
      'assistant.ask': ({ question }) => ({ id: assistant.ask(question).id }),
      'assistant.stop': () => ({ stopped: assistant.stop() }),
      'describe.start': (input) => assistant.describe(withPageShot(input)),
      'describe.more': () => ({ id: assistant.more().id }),
      'describe.capture': async ({ target, question, insist }) => {
        if (!deps.screen) throw new LumenError('UNSUPPORTED', 'This host cannot take screenshots itself.');
        const shot = await captureForUpload(deps.screen, target);
        return assistant.describe({ source: target, image: shot.image, windowName: shot.name, question, insist });
      },
      'screen.capture': async ({ target }) => {
        if (!deps.screen) {
          throw new LumenError(
            'UNSUPPORTED',
            'This host cannot take screenshots itself; the window captures the screen.'
          );
        }
        const windows = target === 'screen' && listWindows ? listWindows().catch(() => undefined) : undefined;
        const shot = await deps.screen.capture(target, { displayId: settings.get().capture.displayId });
        if (windows) pageShotWindows = await windows;
        return shot;
      },
      'speech.speak': ({ text, urgent }) => {
        if (!text.trim()) return { id: null };
        return { id: `${speech.speak(text, { urgent, kind: 'message' }).id}` };
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
      },
      'usage.get': () => ({ ...usage.get(), month: budget.state(), readBack: { ...readBack } }),
      'models.status': () => models.status(),
      'models.switch': ({ role }) => models.switchNow(role),
      'history.list': () => ({ enabled: settings.get().privacy.history, entries: history.list() }),
      'history.forget': async () => {
        assistant.forget();
        voice.forget();
        heard = '';
        reading = undefined;
        pageShotWindows = undefined;
        ocr?.forget();
        await history.forget();
        announce({ level: 'info', text: FORGOTTEN });
        return { forgotten: true as const };
      },
      'voice.start': () => voice.start(),
      'voice.stop': () => voice.stop(),
      'voice.talk': ({ pressed }) => voice.talk(pressed),
      'voice.mute': ({ muted }) => voice.mute(muted),
      'voice.say': async ({ text }) => {
        await voice.say(text);
        return {};
      },
      'voice.show': async ({ source, image, windowName }) => {
        const picture = image
          ? withPageShot({ source, image, windowName })
          : source === 'region'
            ? undefined
            : await takePicture(source);
        if (!picture) throw new LumenError('INVALID_REQUEST', 'A region is shown with its picture.');
        await voice.show(await pictureForVoice(picture, source), `A picture of my ${source}.`);
        return { shown: true };
      },
      'voice.lookResult': ({ requestId, ...answer }) => ({ known: pagePictures.settle(requestId, answer) }),
      'speech.textDone': ({ id, outcome }) => ({ known: textLink.settle(id, outcome) })
    },
    {
      'diag.echo': (sink) => ({ onData: (chunk) => sink.send(chunk), onClose: () => {} }),
      'voice.mic': () => ({ onData: (chunk) => voice.microphone(chunk), onClose: () => {} }),
      'speech.audio': (sink) => {
        const opened = new StreamPlayer(sink, (closed) => {
          if (player === closed) player = undefined;
        });
        player = opened;
        // A window that can hear: shutdowns of models the user chose are said now (at most once a day).
        models.announceShutdowns();
        return opened;
      }
    },
    { logger, timeoutMs: deps.routerTimeoutMs }
  );

  models.start();

  return {
    router,
    settings,
    speech,
    assistant,
    startupNotices,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce,
    endpoint,
    prepareOfflineVoice: () => offlineSpeech.prepare()
  };
}
