import { z } from 'zod';
import { isOpenAIModelName } from './table';

/** The service's list of models as Lumen keeps it: each model's name and announced shutdown. */
export interface Catalogue {
  /** The endpoint it came from; a list is only trusted for the endpoint it describes. */
  endpoint: string;
  /** ISO time the service was asked. */
  checkedAt: string;
  /** The endpoint lists no OpenAI models: a local or compatible server, whose names Lumen cannot judge. */
  compatible: boolean;
  models: CatalogueModel[];
}

export interface CatalogueModel {
  id: string;
  /** YYYY-MM-DD, or null when none is announced. */
  shutdownDate: string | null;
}

/** Names longer than this are not model names; lists longer than this are cut (a broken or hostile server). */
const MAX_ID = 200;
const MAX_MODELS = 5000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const entry = z.object({ id: z.string().min(1).max(MAX_ID), shutdown_date: z.unknown().optional() });

/**
 * Reads GET /models. Anything that is not a list of models is rejected (undefined); entries that are
 * not models are skipped one by one, so one odd entry does not lose the rest.
 */
export function parseModelList(body: unknown, endpoint: string, checkedAt: Date): Catalogue | undefined {
  const data = (body as { data?: unknown } | null | undefined)?.data;
  if (!Array.isArray(data)) return undefined;
  const models: CatalogueModel[] = [];
  const seen = new Set<string>();
  for (const raw of data) {
    if (models.length >= MAX_MODELS) break;
    const parsed = entry.safeParse(raw);
    if (!parsed.success || seen.has(parsed.data.id)) continue;
    seen.add(parsed.data.id);
    const date = parsed.data.shutdown_date;
    models.push({ id: parsed.data.id, shutdownDate: typeof date === 'string' && DATE.test(date) ? date : null });
  }
  return {
    endpoint,
    checkedAt: checkedAt.toISOString(),
    compatible: !models.some((m) => isOpenAIModelName(m.id)),
    models
  };
}

const catalogueSchema = z.object({
  endpoint: z.string().max(2048),
  checkedAt: z.string().max(40),
  compatible: z.boolean(),
  models: z
    .array(z.object({ id: z.string().min(1).max(MAX_ID), shutdownDate: z.string().regex(DATE).nullable() }))
    .max(MAX_MODELS)
});

/** A saved catalogue, or undefined when it is missing or unreadable. */
export function readSavedCatalogue(value: unknown): Catalogue | undefined {
  const parsed = catalogueSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Looks models up by name. */
export class CatalogueIndex {
  private readonly byId: Map<string, CatalogueModel>;
  constructor(readonly catalogue: Catalogue) {
    this.byId = new Map(catalogue.models.map((m) => [m.id, m]));
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  shutdownOf(id: string): string | null | undefined {
    return this.byId.get(id)?.shutdownDate;
  }
}
