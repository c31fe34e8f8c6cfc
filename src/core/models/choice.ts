import type { ModelRole } from '../../shared/settings';
import type { CatalogueIndex } from './catalogue';
import { COMPATIBLE_DEFAULTS, ROLE_CANDIDATES, ROLE_ENDPOINTS, specFor } from './table';

/** What is known when a model is chosen for a job. */
export interface ChoiceFacts {
  /** The service's list, when it has ever been fetched for this endpoint. */
  catalogue: CatalogueIndex | undefined;
  /** YYYY-MM-DD, local to the user. */
  today: string;
  /** Models the service answered 404 model_not_found for. */
  retired: ReadonlySet<string>;
  /** Models the job cannot use here, though the service lists them (a session refused a captions model). */
  refused?: ReadonlySet<string>;
}

/** When a model shuts down: the service's date wins over the table's. */
export function shutdownOf(id: string, facts: Pick<ChoiceFacts, 'catalogue'>): string | null {
  const listed = facts.catalogue?.shutdownOf(id);
  return listed !== undefined ? listed : (specFor(id).shutdown ?? null);
}

/** Shut down: the service said so with a 404, or its shutdown date has come. */
export function isShutDown(id: string, facts: ChoiceFacts): boolean {
  if (facts.retired.has(id)) return true;
  const date = shutdownOf(id, facts);
  return date !== null && facts.today >= date;
}

/** Usable now: listed by the service (or no list yet, so assumed), not shut down, not refused. */
export function isAvailable(id: string, facts: ChoiceFacts): boolean {
  if (facts.refused?.has(id) || isShutDown(id, facts)) return false;
  const catalogue = facts.catalogue;
  return !catalogue || catalogue.catalogue.compatible || catalogue.has(id);
}

/** The job's candidates that are usable now, best first. */
export function availableCandidates(role: ModelRole, facts: ChoiceFacts, except?: string): string[] {
  return ROLE_CANDIDATES[role].filter((id) => id !== except && isAvailable(id, facts));
}

export interface Choice {
  /** The model to use; null when none is left (the caller falls back to what works offline). */
  model: string | null;
  /** The user's choice, when it is no longer available and `model` replaces it. */
  replaced?: string;
}

/**
 * The model for a job: the user's choice while it is available, otherwise the first candidate the
 * service lists and has not shut down. An endpoint that lists no OpenAI models keeps the user's
 * choice whatever its name, and otherwise gets the first model it lists that fits the job.
 */
export function chooseModel(role: ModelRole, chosen: string, facts: ChoiceFacts): Choice {
  const compatible = facts.catalogue?.catalogue.compatible ?? false;
  if (compatible) {
    if (chosen) return { model: chosen };
    const fitting = facts.catalogue!.catalogue.models.find((m) =>
      ROLE_ENDPOINTS[role].includes(specFor(m.id).endpoint)
    );
    return { model: fitting?.id ?? COMPATIBLE_DEFAULTS[role] };
  }
  if (chosen && isAvailable(chosen, facts)) return { model: chosen };
  const model = availableCandidates(role, facts)[0] ?? null;
  return chosen && model !== chosen ? { model, replaced: chosen } : { model };
}

/** What replaces `id` for the job once it shuts down: the first candidate that outlives it. */
export function successorOf(role: ModelRole, id: string, facts: ChoiceFacts): string | null {
  const until = shutdownOf(id, facts);
  return (
    availableCandidates(role, facts, id).find((candidate) => {
      const end = shutdownOf(candidate, facts);
      return end === null || (until !== null && end > until);
    }) ?? null
  );
}

/** Whole days from `today` to `date` (both YYYY-MM-DD). */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}
