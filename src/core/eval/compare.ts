import { median, type ModelRun } from './report';

/** One case under two models. */
export interface CaseDifference {
  set: string;
  id: string;
  scores: [number, number];
  /** The second model's score less the first's. */
  difference: number;
  costUsd: [number, number];
  firstTokenMs: [number | null, number | null];
  answers: [string, string];
}

export interface Comparison {
  models: [string, string];
  /** Mean case score of each model over the ordinary cases both ran. */
  scores: [number, number];
  costUsd: [number, number];
  medianFirstTokenMs: [number | null, number | null];
  /** The model that cost less in all, and the one whose median first token came sooner (null: a tie). */
  cheaper: string | null;
  faster: string | null;
  cases: CaseDifference[];
}

/** The "shadow" check before changing a default model: both runs of the same cases side by side. */
export function compareRuns(a: ModelRun, b: ModelRun): Comparison {
  const cases: CaseDifference[] = [];
  for (const setA of a.sets) {
    const setB = b.sets.find((s) => s.name === setA.name);
    for (const caseA of setA.cases) {
      const caseB = setB?.cases.find((c) => c.id === caseA.id);
      if (!caseB || caseA.expectedToFail) continue;
      cases.push({
        set: setA.name,
        id: caseA.id,
        scores: [caseA.score, caseB.score],
        difference: caseB.score - caseA.score,
        costUsd: [caseA.costUsd, caseB.costUsd],
        firstTokenMs: [caseA.firstTokenMs, caseB.firstTokenMs],
        answers: [caseA.answer, caseB.answer]
      });
    }
  }
  const mean = (i: 0 | 1) => (cases.length ? cases.reduce((sum, c) => sum + c.scores[i], 0) / cases.length : 0);
  const total = (i: 0 | 1) => Number(cases.reduce((sum, c) => sum + c.costUsd[i], 0).toFixed(9));
  const firstToken = (i: 0 | 1) => median(cases.map((c) => c.firstTokenMs[i]).filter((v): v is number => v !== null));
  const costUsd: [number, number] = [total(0), total(1)];
  const medianFirstTokenMs: [number | null, number | null] = [firstToken(0), firstToken(1)];
  const lower = (values: [number | null, number | null]): string | null => {
    const [x, y] = values;
    if (x === null || y === null || x === y) return null;
    return x < y ? a.model : b.model;
  };
  return {
    models: [a.model, b.model],
    scores: [mean(0), mean(1)],
    costUsd,
    medianFirstTokenMs,
    cheaper: lower(costUsd),
    faster: lower(medianFirstTokenMs),
    cases
  };
}

const pct = (share: number) => `${Math.round(share * 100)} %`;
const ms = (value: number | null) => (value === null ? '–' : `${Math.round(value)} ms`);

export function comparisonMarkdown(c: Comparison): string[] {
  const [m1, m2] = c.models;
  return [
    `## ${m1} against ${m2}`,
    '',
    `Score ${pct(c.scores[0])} against ${pct(c.scores[1])}; cost $${c.costUsd[0].toFixed(6)} against $${c.costUsd[1].toFixed(6)}; ` +
      `median first token ${ms(c.medianFirstTokenMs[0])} against ${ms(c.medianFirstTokenMs[1])}.`,
    `Cheaper: ${c.cheaper ?? 'neither'}. Faster: ${c.faster ?? 'neither'}.`,
    '',
    `| set | case | ${m1} | ${m2} | difference | cost ${m1} | cost ${m2} |`,
    '| --- | ---- | --- | --- | ---------- | --- | --- |',
    ...c.cases.map(
      (d) =>
        `| ${d.set} | ${d.id} | ${pct(d.scores[0])} | ${pct(d.scores[1])} | ${d.difference >= 0 ? '+' : ''}${Math.round(d.difference * 100)} | ` +
        `$${d.costUsd[0].toFixed(6)} | $${d.costUsd[1].toFixed(6)} |`
    ),
    ''
  ];
}
