import { z } from 'zod';
import type { ModelsStatus } from '../../shared/contract';
import { MODEL_ROLES, type ModelRole, type Settings, type SettingsPatch } from '../../shared/settings';
import { silentLogger, type Logger, type RecordStore } from '../ports';
import { CatalogueIndex, parseModelList, readSavedCatalogue, type Catalogue } from './catalogue';
import {
  availableCandidates,
  chooseModel,
  daysUntil,
  isAvailable,
  shutdownOf,
  successorOf,
  type ChoiceFacts
} from './choice';
import { localDay, spokenDate } from '../../shared/dates';
import { minuteOfTalk } from '../usage/prices';
import { MODEL_TABLE, ROLE_ENDPOINTS, specFor } from './table';

/** A shutdown this close (in days) is announced to a user who chose the model. */
const NOTICE_DAYS = 30;
const DAY_MS = 86_400_000;
const FETCH_TIMEOUT_MS = 8000;

export const ROLE_NAMES: Record<ModelRole, string> = {
  describe: 'describing and questions',
  quick: 'quick answers when the main model is busy',
  conversation: 'the conversation',
  speech: 'the OpenAI voice',
  captions: 'captions of what you say'
};

/** What Lumen has learned from the service and keeps between runs (model names and dates only). */
const recordSchema = z.object({
  catalogue: z.unknown().optional(),
  /** Model → the day the service said it does not exist. */
  retired: z.record(z.string(), z.string()).default({}),
  /** Model → request parameters the service refused for it. */
  refusedParams: z.record(z.string(), z.array(z.string().max(64)).max(20)).default({}),
  /** Model → the last day its shutdown was announced. */
  noticed: z.record(z.string(), z.string()).default({}),
  /** Captions model → the day a conversation refused it. */
  refusedCaptions: z.record(z.string(), z.string()).default({})
});
type ModelsRecord = z.infer<typeof recordSchema>;

/** How long a refused captions model is left alone before it is tried again. */
const REFUSAL_DAYS = 30;

export interface ModelServiceDeps {
  records: RecordStore;
  settings: () => Settings;
  updateSettings: (patch: SettingsPatch) => Promise<unknown>;
  /** The resolved base URL. */
  endpoint: () => string;
  /** The key for that endpoint, or undefined when none may go there (the list is then not asked for). */
  key: (endpoint: string) => Promise<string | undefined>;
  /** Says a sentence and shows it (speech.say). */
  say: (text: string) => void;
  /** The status changed: a new list, a retirement, a switch. */
  onChange?: (status: ModelsStatus) => void;
  fetchImpl?: typeof fetch;
  now?: () => Date;
  logger?: Logger;
}

/**
 * Knows which model Lumen uses for each job, keeps the service's list of models (asked at start-up,
 * once a day and on "Check connection", never on the way to an answer), and handles retirements for
 * the user: a notice before a chosen model shuts down, and after it, one sentence and the successor.
 */
export class ModelService {
  private catalogue: Catalogue | undefined;
  private source: ModelsStatus['catalogue']['source'];
  private saving: Promise<void> = Promise.resolve();
  private refreshing: Promise<void> | undefined;
  /** Retirements already said ("role:model"), so each is said once however many requests follow. */
  private readonly told = new Set<string>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly now: () => Date;
  private readonly logger: Logger;

  private constructor(
    private readonly deps: ModelServiceDeps,
    private record: ModelsRecord
  ) {
    this.now = deps.now ?? (() => new Date());
    this.logger = deps.logger ?? silentLogger;
    const saved = readSavedCatalogue(record.catalogue);
    this.catalogue = saved;
    this.source = saved ? 'saved' : 'built-in';
  }

  static async open(deps: ModelServiceDeps): Promise<ModelService> {
    const stored = await deps.records.read('models').catch((error: unknown) => {
      deps.logger?.warn('The saved model list could not be read; using the built-in one.', { error: String(error) });
      return undefined;
    });
    const parsed = recordSchema.safeParse(stored ?? {});
    return new ModelService(deps, parsed.success ? parsed.data : recordSchema.parse({}));
  }

  /** Asks the service now and then once a day; neither waits for the other nor blocks anything. */
  start(): void {
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), DAY_MS);
    this.timer.unref?.();
  }

  /**
   * The model for a job now. A user's choice that is gone is replaced here, with one sentence said
   * (through `say` when given, e.g. before an answer in the same speech).
   */
  model(role: ModelRole, say?: (text: string) => void): string | null {
    return this.settle(role, undefined, say);
  }

  /** Captions candidates for a conversation, best first: those the service offers and no session refused lately. */
  captionModels(): string[] {
    const chosen = this.model('captions');
    const rest = availableCandidates('captions', this.facts('captions'));
    return [...new Set([...(chosen ? [chosen] : []), ...rest])];
  }

  /** A conversation refused a captions model: not tried again for a while. */
  captionsRefused(model: string): void {
    this.update({ refusedCaptions: { ...this.record.refusedCaptions, [model]: this.today() } });
  }

  /**
   * The service answered 404 model_not_found: the model is retired. Returns its successor for the
   * job (null when none is left); says one sentence; a user's choice is moved to the successor.
   */
  retired(role: ModelRole, model: string, say?: (text: string) => void): string | null {
    if (!this.record.retired[model]) this.update({ retired: { ...this.record.retired, [model]: this.today() } });
    const successor = this.settle(role, model, say);
    this.changed();
    return successor === model ? null : successor;
  }

  /** Parameters the service refused for a model; never sent to it again. */
  refusedParameters(model: string): ReadonlySet<string> {
    return new Set(this.record.refusedParams[model] ?? []);
  }

  refuseParameter(model: string, param: string): void {
    const known = this.record.refusedParams[model] ?? [];
    if (known.includes(param)) return;
    this.logger.info('the service refused a parameter; it is not sent to this model again', { model, param });
    this.update({ refusedParams: { ...this.record.refusedParams, [model]: [...known, param] } });
  }

  /** Asks the service for its list of models. Never throws: a failure keeps what is known. */
  refresh(): Promise<void> {
    this.refreshing ??= this.fetchList().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** A list fetched elsewhere (the connection check) replaces the catalogue. */
  adopt(body: unknown, endpoint: string): void {
    const catalogue = parseModelList(body, endpoint, this.now());
    if (!catalogue) return;
    // What one endpoint retired says nothing about another's models.
    const sameEndpoint = this.catalogue?.endpoint === endpoint;
    this.catalogue = catalogue;
    this.source = 'service';
    this.update(sameEndpoint ? { catalogue } : { catalogue, retired: {} });
    this.changed();
  }

  /**
   * Shutdowns 30 days away or less of models the user chose, each said at most once a day. Called
   * when a window can listen and after each new list.
   */
  announceShutdowns(): void {
    const today = this.today();
    for (const role of MODEL_ROLES) {
      const notice = this.notice(role);
      const chosen = this.chosen(role);
      if (!notice || this.record.noticed[chosen] === today) continue;
      this.update({ noticed: { ...this.record.noticed, [chosen]: today } });
      this.deps.say(notice);
    }
  }

  /** "Switch now": the job's choice moves to the successor of the model shutting down. */
  async switchNow(role: ModelRole): Promise<ModelsStatus> {
    const inUse = this.model(role);
    const successor = inUse ? successorOf(role, inUse, this.facts(role)) : null;
    if (successor) {
      await this.deps.updateSettings({ models: { [role]: successor } });
      this.deps.say(`${ROLE_NAMES[role][0]!.toUpperCase()}${ROLE_NAMES[role].slice(1)} now uses ${successor}.`);
    }
    return this.changed();
  }

  status(): ModelsStatus {
    const catalogue = this.catalogue && this.current(this.catalogue) ? this.catalogue : undefined;
    return {
      roles: MODEL_ROLES.map((role) => {
        const facts = this.facts(role);
        const inUse = chooseModel(role, this.chosen(role), facts).model ?? '';
        const shutdownDate = inUse ? shutdownOf(inUse, facts) : null;
        return {
          role,
          inUse,
          chosen: this.chosen(role),
          automatic: chooseModel(role, '', facts).model,
          shutdownDate,
          successor: shutdownDate ? successorOf(role, inUse, facts) : null,
          notice: this.notice(role),
          choices: this.choices(role, facts)
        };
      }),
      catalogue: {
        source: catalogue ? this.source : 'built-in',
        checkedAt: catalogue?.checkedAt ?? null,
        compatible: catalogue?.compatible ?? false
      }
    };
  }

  /** Resolves once every change so far is saved (tests, the command line before it exits). */
  flushed(): Promise<void> {
    return this.saving;
  }

  // ---------------------------------------------------------------------------------------------

  private chosen(role: ModelRole): string {
    return this.deps.settings().models[role];
  }

  private today(): string {
    return localDay(this.now());
  }

  /** A list is only used for the endpoint it was fetched from. */
  private current(catalogue: Catalogue): boolean {
    return catalogue.endpoint === this.deps.endpoint();
  }

  private facts(role: ModelRole): ChoiceFacts {
    const today = this.today();
    const refused =
      role === 'captions'
        ? Object.entries(this.record.refusedCaptions)
            .filter(([, day]) => daysUntil(today, day) < REFUSAL_DAYS)
            .map(([id]) => id)
        : [];
    return {
      catalogue: this.catalogue && this.current(this.catalogue) ? new CatalogueIndex(this.catalogue) : undefined,
      today,
      retired: new Set(Object.keys(this.record.retired)),
      refused: new Set(refused)
    };
  }

  private notice(role: ModelRole): string | null {
    const chosen = this.chosen(role);
    if (!chosen) return null;
    const facts = this.facts(role);
    if (facts.catalogue?.catalogue.compatible || !isAvailable(chosen, facts)) return null;
    const date = shutdownOf(chosen, facts);
    if (!date) return null;
    const days = daysUntil(date, facts.today);
    if (days <= 0 || days > NOTICE_DAYS) return null;
    const successor = successorOf(role, chosen, facts);
    return (
      `${chosen}, your choice for ${ROLE_NAMES[role]}, shuts down on ${spokenDate(date)}.` +
      (successor ? ` Lumen will then use ${successor}; you can switch now.` : ' The service names no successor yet.')
    );
  }

  /** What the user may pick for a job: Lumen's candidates and other fitting models the service lists. */
  private choices(role: ModelRole, facts: ChoiceFacts): ModelsStatus['roles'][number]['choices'] {
    const fits = (id: string) => ROLE_ENDPOINTS[role].includes(specFor(id).endpoint);
    const listed = facts.catalogue?.catalogue.models.map((m) => m.id) ?? MODEL_TABLE.map((m) => m.id);
    const ids = [
      ...availableCandidates(role, facts),
      ...listed.filter(
        (id) => fits(id) && isAvailable(id, facts) && (facts.catalogue?.catalogue.compatible || specFor(id).known)
      )
    ];
    return [...new Set(ids)].slice(0, 50).map((id) => {
      const spec = specFor(id);
      const date = shutdownOf(id, facts);
      const notes = [
        spec.note,
        role === 'conversation' && spec.known ? `about ${minuteOfTalk(id)} a minute of talk` : undefined,
        date ? `shuts down on ${spokenDate(date)}` : undefined
      ].filter(Boolean);
      return { id, shutdownDate: date, note: notes.join('; ') };
    });
  }

  /**
   * Chooses the job's model and, when `gone` (retired just now) or the user's choice can no longer be
   * used, says so once and moves the choice to the successor.
   */
  private settle(role: ModelRole, gone: string | undefined, say = this.deps.say): string | null {
    const choice = chooseModel(role, this.chosen(role), this.facts(role));
    const from = gone ?? choice.replaced;
    if (!from || choice.model === from || this.told.has(`${role}:${from}`)) return choice.model;
    this.told.add(`${role}:${from}`);
    say(
      choice.model
        ? `${from} has been retired; Lumen now uses ${choice.model}.`
        : `${from} has been retired, and the service offers no other model for ${ROLE_NAMES[role]}.`
    );
    if (choice.replaced && choice.model) {
      void this.deps
        .updateSettings({ models: { [role]: choice.model } })
        .catch((error: unknown) => this.logger.warn('the new model could not be saved', { error: String(error) }));
    }
    return choice.model;
  }

  private async fetchList(): Promise<void> {
    const endpoint = this.deps.endpoint();
    const key = await this.deps.key(endpoint);
    if (!key) return;
    try {
      const response = await (this.deps.fetchImpl ?? fetch)(`${endpoint}/models`, {
        headers: { Authorization: `Bearer ${key}` },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS)
      });
      if (!response.ok) {
        this.logger.warn('the model list could not be fetched', { status: response.status });
        return;
      }
      this.adopt(await response.json(), endpoint);
      this.announceShutdowns();
    } catch (error) {
      this.logger.warn('the model list could not be fetched', { error: String(error) });
    }
  }

  private update(patch: Partial<ModelsRecord>): void {
    this.record = { ...this.record, ...patch };
    const snapshot = this.record;
    this.saving = this.saving
      .then(() => this.deps.records.write('models', snapshot))
      .catch((error: unknown) => this.logger.warn('the model record could not be saved', { error: String(error) }));
  }

  private changed(): ModelsStatus {
    const status = this.status();
    this.deps.onChange?.(status);
    return status;
  }
}
