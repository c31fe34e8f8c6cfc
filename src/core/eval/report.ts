import type { Regression } from './baseline';
import type { Comparison } from './compare';
import { verdictOk, type CaseResult } from './score-case';

export const EVAL_REPORT_FORMAT = 'lumen-eval-report';

export interface SetTotals {
  cases: number;
  /** Ordinary cases passed, and cases built to fail that the scoring caught. */
  passed: number;
  caught: number;
  failed: number;
  costUsd: number;
  tokens: { input: number; output: number };
  medianFirstTokenMs: number | null;
  medianFirstSpokenMs: number | null;
}

export interface SetResult {
  name: string;
  /** 0..1: the mean score of the ordinary cases (cases built to fail are left out). */
  score: number;
  /** Every ordinary case passed and every fault built in was caught. */
  ok: boolean;
  totals: SetTotals;
  cases: CaseResult[];
  /** Drafts in the set, not run until a person finishes them. */
  drafts: string[];
  /** With --judge: the mean of its grades (1–5) over the ordinary cases it graded; apart from `score`. */
  judge?: { model: string; meanGrade: number | null; graded: number; costUsd: number };
}

export interface ModelRun {
  model: string;
  sets: SetResult[];
}

export interface EvalReport {
  format: typeof EVAL_REPORT_FORMAT;
  version: 1;
  at: string;
  endpoint: string;
  runs: ModelRun[];
  /** With --compare: the second run against the first. */
  comparison?: Comparison;
  /** Sets that scored below their stored baseline by more than the margin. */
  regressions: Regression[];
}

export const median = (values: number[]): number | null => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const present = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

function judgeSummary(cases: CaseResult[]): SetResult['judge'] {
  const judged = cases.filter((c) => c.judge);
  if (!judged.length) return undefined;
  const grades = present(judged.filter((c) => !c.expectedToFail).map((c) => c.judge!.grade));
  return {
    model: judged[0]!.judge!.model,
    meanGrade: grades.length ? grades.reduce((sum, g) => sum + g, 0) / grades.length : null,
    graded: grades.length,
    costUsd: Number(judged.reduce((sum, c) => sum + c.judge!.costUsd, 0).toFixed(9))
  };
}

export function summariseSet(name: string, cases: CaseResult[], drafts: string[] = []): SetResult {
  const ordinary = cases.filter((c) => !c.expectedToFail);
  const count = (verdict: CaseResult['verdict']) => cases.filter((c) => c.verdict === verdict).length;
  const judge = judgeSummary(cases);
  return {
    name,
    score: ordinary.length ? ordinary.reduce((sum, c) => sum + c.score, 0) / ordinary.length : 1,
    ok: cases.every((c) => verdictOk(c.verdict)),
    totals: {
      cases: cases.length,
      passed: count('pass'),
      caught: count('caught'),
      failed: count('fail') + count('missed'),
      // Sums of small prices: rounded to a billionth of a dollar, so the report shows no float noise.
      costUsd: Number(cases.reduce((sum, c) => sum + c.costUsd, 0).toFixed(9)),
      tokens: {
        input: cases.reduce((sum, c) => sum + c.tokens.input, 0),
        output: cases.reduce((sum, c) => sum + c.tokens.output, 0)
      },
      medianFirstTokenMs: median(present(cases.map((c) => c.firstTokenMs))),
      medianFirstSpokenMs: median(present(cases.map((c) => c.firstSpokenMs)))
    },
    cases,
    drafts,
    ...(judge ? { judge } : {})
  };
}

const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);
const usd = (value: number) => `$${value.toFixed(6)}`;
const percent = (share: number) => `${Math.round(share * 100)} %`;
/** Table cells: no line breaks or pipes from an answer. */
const cell = (text: string) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');

const VERDICT_WORDS: Record<CaseResult['verdict'], string> = {
  pass: 'pass',
  fail: '**FAIL**',
  caught: 'caught (built to fail)',
  missed: '**MISSED** (built to fail, not caught)'
};

/** The report as Markdown: per set its score and totals, a row per case, then every failure quoted. */
export function reportMarkdown(report: EvalReport, extra: string[] = []): string {
  const lines = [`# Lumen evaluation`, '', `${report.at} · endpoint ${report.endpoint}`, ''];
  for (const run of report.runs) {
    lines.push(`## Model ${run.model}`, '');
    for (const set of run.sets) {
      const t = set.totals;
      lines.push(
        `### Set ${set.name}: score ${percent(set.score)}, ${set.ok ? 'ok' : 'NOT OK'}`,
        '',
        `${t.cases} cases: ${t.passed} passed, ${t.caught} faults caught, ${t.failed} failed. ` +
          `Cost ${usd(t.costUsd)}, ${t.tokens.input} tokens in, ${t.tokens.output} out. ` +
          `Median time to first token ${ms(t.medianFirstTokenMs)}, to first spoken sentence ${ms(t.medianFirstSpokenMs)}.`,
        ''
      );
      if (set.drafts.length) lines.push(`Drafts not run yet: ${set.drafts.join(', ')}.`, '');
      lines.push(
        '| case | verdict | score | first token | first spoken | tokens in/out | cost |',
        '| ---- | ------- | ----- | ----------- | ------------ | ------------- | ---- |'
      );
      for (const c of set.cases) {
        lines.push(
          `| ${c.id} | ${VERDICT_WORDS[c.verdict]} | ${percent(c.score)} | ${ms(c.firstTokenMs)} | ${ms(c.firstSpokenMs)} | ` +
            `${c.tokens.input}/${c.tokens.output} | ${usd(c.costUsd)}${c.costEstimated ? ' (estimated)' : ''} |`
        );
      }
      lines.push('');
      for (const c of set.cases.filter((c) => c.checks.some((check) => !check.pass))) {
        lines.push(`- **${c.id}** (${c.verdict}) answered: "${cell(c.answer)}"`);
        for (const check of c.checks.filter((check) => !check.pass)) {
          lines.push(`  - ${check.name}: ${cell(check.detail)}`);
        }
      }
      lines.push('', ...judgeLines(set));
    }
  }
  return (
    [...lines, ...extra]
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

/** The judge's grades, in a section of their own: never mixed into the rule-based score. */
function judgeLines(set: SetResult): string[] {
  if (!set.judge) return [];
  const { model, meanGrade, graded, costUsd } = set.judge;
  const mean = meanGrade === null ? 'no grade' : `mean grade ${meanGrade.toFixed(1)} of 5`;
  return [
    `#### Judge ${model} (apart from the score above): ${mean} over ${graded} answers, cost ${usd(costUsd)}`,
    '',
    ...set.cases.filter((c) => c.judge).map((c) => `- ${c.id}: ${c.judge!.grade ?? '–'} — ${cell(c.judge!.reason)}`),
    ''
  ];
}
