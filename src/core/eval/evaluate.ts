import { LumenError } from '../../shared/errors';
import type { CaseSet, LoadedCase } from './case-set';
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
      const seen = await observe(target, loaded);
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

/**
 * Puts the case to Lumen: a spoken question in a conversation of its own, anything else through the
 * assistant. A case Lumen refuses (a picture it cannot read) fails with what Lumen said, and the run
 * goes on.
 */
async function observe(target: EvalTarget, loaded: LoadedCase): Promise<Observation> {
  try {
    if (!loaded.audio) return await runCase(target, loaded);
    const spoken = await target.spoken?.();
    return spoken ? await runSpokenCase(spoken, loaded.audio, target.now) : failed(NO_CONVERSATION);
  } catch (error) {
    if (error instanceof LumenError) return failed(error.message);
    throw error;
  }
}

function failed(message: string): Observation {
  return {
    outcome: 'failed',
    answer: '',
    said: [message],
    model: '',
    firstTokenMs: null,
    firstSpokenMs: null,
    totalMs: 0,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    costEstimated: false
  };
}
