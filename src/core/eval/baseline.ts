import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { LumenError } from '../../shared/errors';
import type { SetResult } from './report';

/** A set's stored scores (evals/<set>/baseline.json): a later run may not fall below them by more than the margin. */
const baselineSchema = z
  .object({
    format: z.literal('lumen-eval-baseline'),
    model: z.string(),
    at: z.iso.datetime(),
    score: z.number().min(0).max(1),
    cases: z.record(z.string(), z.number().min(0).max(1))
  })
  .strict();
export type Baseline = z.infer<typeof baselineSchema>;

const BASELINE_FILE = 'baseline.json';
/** How far a set's score may fall below its baseline before the run fails: five points in a hundred. */
export const DEFAULT_MARGIN = 0.05;

export function baselineOf(set: SetResult, model: string, at: Date): Baseline {
  const ordinary = set.cases.filter((c) => !c.expectedToFail);
  return {
    format: 'lumen-eval-baseline',
    model,
    at: at.toISOString(),
    score: set.score,
    cases: Object.fromEntries(ordinary.map((c) => [c.id, c.score]))
  };
}

/** The stored baseline of the set in `dir`, or undefined when it has none. */
export async function readBaseline(dir: string): Promise<Baseline | undefined> {
  const file = join(dir, BASELINE_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LumenError('INVALID_REQUEST', `${file} is not JSON.`);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) {
    throw new LumenError('INVALID_REQUEST', `${file} is not a baseline: ${parsed.error.issues[0]!.message}`);
  }
  return parsed.data;
}

export async function writeBaseline(dir: string, baseline: Baseline): Promise<void> {
  await writeFile(join(dir, BASELINE_FILE), `${JSON.stringify(baseline, null, 2)}\n`);
}

export interface Regression {
  set: string;
  baseline: number;
  score: number;
  /** Cases that scored lower than in the baseline, with both scores. */
  cases: Array<{ id: string; baseline: number; score: number }>;
}

/** The set's regression against its baseline, or undefined when it scored within the margin. */
export function regression(set: SetResult, baseline: Baseline, margin: number): Regression | undefined {
  if (set.score >= baseline.score - margin) return undefined;
  const cases = set.cases
    .filter((c) => c.id in baseline.cases && c.score < baseline.cases[c.id]!)
    .map((c) => ({ id: c.id, baseline: baseline.cases[c.id]!, score: c.score }));
  return { set: set.name, baseline: baseline.score, score: set.score, cases };
}

export function regressionLines(r: Regression): string[] {
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  return [
    `Set ${r.set} scored ${pct(r.score)}, below its baseline of ${pct(r.baseline)}. Cases that regressed:`,
    ...r.cases.map((c) => `  ${c.id}: ${pct(c.baseline)} → ${pct(c.score)}`)
  ];
}
