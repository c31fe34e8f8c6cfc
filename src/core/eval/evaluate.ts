import type { CaseSet } from './case-set';
import { summariseSet, type SetResult } from './report';
import { runCase, type EvalTarget, type Observation } from './run-case';
import { runSpokenCase } from './spoken-case';
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
      const seen = loaded.audio ? await askAloud(target, loaded.audio) : await runCase(target, loaded);
      const result = await scoreCase(loaded, seen);
      if (target.judge && seen.answer) result.judge = await target.judge(loaded.case, seen.answer, seen.sentPicture);
      progress(set.name, result);
      cases.push(result);
    }
    results.push(summariseSet(set.name, cases, set.drafts));
  }
  return results;
}

const NO_CONVERSATION = 'Lumen could not open a spoken conversation for this question.';

/** A spoken question, asked in a conversation of its own. */
async function askAloud(target: EvalTarget, wav: Buffer): Promise<Observation> {
  const spoken = await target.spoken?.();
  if (spoken) return runSpokenCase(spoken, wav, target.now);
  return {
    outcome: 'failed',
    answer: '',
    said: [NO_CONVERSATION],
    model: '',
    firstTokenMs: null,
    firstSpokenMs: null,
    totalMs: 0,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    costEstimated: false
  };
}
