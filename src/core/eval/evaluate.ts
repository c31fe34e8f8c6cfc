import type { CaseSet } from './case-set';
import { summariseSet, type SetResult } from './report';
import { runCase, type EvalTarget } from './run-case';
import { scoreCase, type CaseResult } from './score-case';

/** Runs every case of every set in turn (one at a time, so timings are not shared) and scores it. */
export async function evaluateSets(
  target: EvalTarget,
  sets: readonly CaseSet[],
  progress: (set: string, result: CaseResult) => void = () => {}
): Promise<SetResult[]> {
  const results: SetResult[] = [];
  for (const set of sets) {
    const cases: CaseResult[] = [];
    for (const loaded of set.cases) {
      const result = await scoreCase(loaded, await runCase(target, loaded));
      progress(set.name, result);
      cases.push(result);
    }
    results.push(summariseSet(set.name, cases, set.drafts));
  }
  return results;
}
