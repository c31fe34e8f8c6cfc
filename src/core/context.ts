import type { Earcon, StatusMessage } from '../shared/contract';
import type { CoreDeps } from './core-deps';
import type { CoreEventMap, CoreEvents, Emit } from './core-events';
import { History } from './history/history';
import { ModelService } from './models/model-service';
import { TextRecognizer } from './ocr/recognizer';
import { PageRequests } from './page-requests';
import { CloudAccess } from './openai/cloud-access';
import { MemoryRecordStore, silentLogger, type Logger, type RecordStore, type ScreenSource } from './ports';
import { shieldImage, type ShieldedImage } from './privacy';
import { MemoryKeyVault } from './secrets';
import { SettingsService } from './settings/settings-service';
import { Budget } from './usage/budget';
import { Spending } from './usage/spending';
import { Events } from './util/events';

/** What every capability may use: the services core builds first, before any capability. */
export interface CoreContext {
  host: CoreDeps['host'];
  settings: SettingsService;
  events: CoreEvents;
  emit: Emit;
  announce(message: StatusMessage): void;
  /** A short sound, when the user wants them; "stop" always goes, so a loop never outlives its setting. */
  earcon(sound: Earcon, action: 'play' | 'loop' | 'stop'): void;
  access: CloudAccess;
  models: ModelService;
  spending: Spending;
  history: History;
  /** Small records kept between runs (in the data folder, or memory for this run). */
  records: RecordStore;
  recognizer: TextRecognizer;
  /** Core's questions to the page (a text utterance said, a picture taken). */
  page: PageRequests;
  /** Finds private text in a JPEG by offline text reading and blacks it out. */
  shield(jpeg: Buffer): Promise<ShieldedImage>;
  /** Screenshots taken by the host itself (Electron); absent where the page captures. */
  screen?: ScreenSource;
  fetchImpl?: typeof fetch;
  logger: Logger;
  /** Adds what to drop when the user asks Lumen to forget everything. */
  onForget(forget: () => void): void;
}

export interface OpenedContext {
  ctx: CoreContext;
  /** Drops everything each capability registered with onForget. */
  forgetAll(): void;
  /** Settings that could not be read and were reset; the history's problem on opening. */
  found: { reset: string[]; history?: string };
}

/** Opens the settings, the key, the spending record, the history and the models, in that order. */
export async function openContext(deps: CoreDeps, say: (text: string) => void): Promise<OpenedContext> {
  const logger = deps.logger ?? silentLogger;
  const { service: settings, reset } = await SettingsService.open(deps.settingsStore);
  const events: CoreEvents = new Events<CoreEventMap>((error, channel) =>
    logger.error('an event listener failed', { channel: String(channel), error: String(error) })
  );
  const emit: Emit = events.emit.bind(events);
  const access = await CloudAccess.open(deps.secrets, settings, deps.env, logger);
  const records = deps.records ?? new MemoryRecordStore();
  const spending = new Spending(await Budget.open(records, () => settings.get().budget.monthlyLimitUsd, logger));
  const keys = deps.historyKeys ?? new MemoryKeyVault();
  const { history, notice } = await History.open(records, keys, () => settings.get().privacy.history, logger);
  const models = await ModelService.open({
    records,
    settings: () => settings.get(),
    updateSettings: (patch) => settings.update(patch),
    endpoint: access.endpoint,
    key: access.key,
    say,
    onChange: (status) => emit('models.changed', status),
    fetchImpl: deps.fetchImpl,
    logger
  });
  const recognizer = new TextRecognizer(() => settings.get().reading.language, logger);
  const forgets: Array<() => void> = [() => recognizer.forget()];
  const ctx: CoreContext = {
    host: deps.host,
    settings,
    events,
    emit,
    announce: (message) => emit('status', message),
    earcon: (sound, action) => {
      if (settings.get().speech.earcons || action === 'stop') emit('earcon', { sound, action });
    },
    access,
    models,
    spending,
    history,
    records,
    recognizer,
    page: new PageRequests(emit),
    shield: async (jpeg) => shieldImage(jpeg, await recognizer.recognize(jpeg)),
    screen: deps.screen,
    fetchImpl: deps.fetchImpl,
    logger,
    onForget: (forget) => forgets.push(forget)
  };
  return { ctx, forgetAll: () => forgets.forEach((forget) => forget()), found: { reset, history: notice } };
}
