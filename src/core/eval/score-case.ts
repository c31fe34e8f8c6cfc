import sharp from 'sharp';
import type { AnswerMode, EvalCase, EvalCheckName } from '../../shared/eval-case';
import type { LoadedCase } from './case-set';
import type { JudgeVerdict } from './judge';
import { darkBoxes } from './dark-boxes';
import type { Observation } from './run-case';
import {
  scoreCost,
  scoreFacts,
  scoreForbidden,
  scoreLanguage,
  scorePrivacy,
  scoreSummaryFirst,
  type BoxDarkness,
  type CheckResult
} from './scoring';

/**
 * pass / fail for an ordinary case; for a case built to fail, caught (each named check failed) or
 * missed (the scoring let the fault through).
 */
export type Verdict = 'pass' | 'fail' | 'caught' | 'missed';

export interface CaseResult extends Omit<Observation, 'sentPicture'> {
  id: string;
  mode: AnswerMode;
  question: string | null;
  checks: CheckResult[];
  /** 0..1: the share of checks passed, a fact check counting by the share of facts said. */
  score: number;
  expectedToFail?: EvalCheckName[];
  verdict: Verdict;
  /** With --judge: another model's grade, apart from the rule-based score. */
  judge?: JudgeVerdict;
}

export const verdictOk = (verdict: Verdict) => verdict === 'pass' || verdict === 'caught';

/** Every check the case asks for, on what was observed, and the verdict. */
export function judgeCase(c: EvalCase, seen: Observation, boxes: readonly BoxDarkness[]): CaseResult {
  const { expected } = c;
  const answer = seen.answer;
  const answered = seen.outcome === 'complete' && answer.trim() !== '';
  const checks: CheckResult[] = [
    {
      name: 'answered',
      pass: answered,
      detail: answered ? 'answered' : `${seen.outcome}: ${seen.said.join(' ') || 'no answer'}`
    }
  ];
  let factShare: number | undefined;
  if (expected.requiredFacts?.length) {
    const facts = scoreFacts(answer, expected.requiredFacts);
    factShare = facts.matched / expected.requiredFacts.length;
    checks.push({ name: facts.name, pass: facts.pass, detail: facts.detail });
  }
  if (expected.forbiddenClaims?.length) checks.push(scoreForbidden(answer, expected.forbiddenClaims));
  if (expected.summaryFirstMaxWords) checks.push(scoreSummaryFirst(answer, expected.summaryFirstMaxWords));
  if (expected.language) checks.push(scoreLanguage(answer, expected.language));
  if (expected.maxCostUsd) checks.push(scoreCost(seen.costUsd, expected.maxCostUsd));
  if (expected.privateItems?.length) checks.push(scorePrivacy(answer, expected.privateItems, boxes));

  const score =
    checks.reduce((sum, check) => sum + (check.name === 'facts' ? factShare! : check.pass ? 1 : 0), 0) / checks.length;
  const failed = new Set(checks.filter((check) => !check.pass).map((check) => check.name));
  const verdict: Verdict = c.expectedToFail
    ? c.expectedToFail.every((name) => failed.has(name))
      ? 'caught'
      : 'missed'
    : failed.size === 0
      ? 'pass'
      : 'fail';
  const { sentPicture: _sent, ...observed } = seen;
  return {
    id: c.id,
    mode: c.input.mode,
    question: c.input.question,
    ...observed,
    checks,
    score,
    ...(c.expectedToFail ? { expectedToFail: c.expectedToFail } : {}),
    verdict
  };
}

/** Measures the picture that was sent (the private boxes' darkness), then judges the case. */
export async function scoreCase(loaded: LoadedCase, seen: Observation): Promise<CaseResult> {
  const items = loaded.case.expected.privateItems ?? [];
  let boxes: BoxDarkness[] = [];
  if (seen.sentPicture && loaded.picture && items.some((item) => item.box)) {
    const { width = 1 } = await sharp(loaded.picture).metadata();
    boxes = await darkBoxes(seen.sentPicture, width, items);
  }
  return judgeCase(loaded.case, seen, boxes);
}
