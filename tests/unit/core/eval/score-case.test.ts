import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../../src/core/eval/run-case';
import { summariseSet } from '../../../../src/core/eval/report';
import { judgeCase } from '../../../../src/core/eval/score-case';
import type { EvalCase } from '../../../../src/shared/eval-case';

const seen = (answer: string, over: Partial<Observation> = {}): Observation => ({
  outcome: 'complete',
  answer,
  said: [],
  model: 'gpt-6.1-terra',
  firstTokenMs: 100,
  firstSpokenMs: 150,
  totalMs: 300,
  tokens: { input: 900, output: 40 },
  costUsd: 0.0011,
  costEstimated: false,
  ...over
});

const kettle: EvalCase = {
  id: 'kettle',
  draft: false,
  input: { picture: null, mode: 'scene', question: null },
  expected: {
    requiredFacts: [['kettle'], ['red'], ['table']],
    forbiddenClaims: ['cat'],
    summaryFirstMaxWords: 10,
    maxCostUsd: 0.01
  }
};

describe('judging a case', () => {
  it('a right answer passes every check and scores 1', () => {
    const result = judgeCase(kettle, seen('A red kettle on a table. It is steaming.'), []);
    expect(result.checks.map((c) => [c.name, c.pass])).toEqual([
      ['answered', true],
      ['facts', true],
      ['forbidden', true],
      ['summaryFirst', true],
      ['cost', true]
    ]);
    expect(result).toMatchObject({ verdict: 'pass', score: 1 });
  });

  it('a partly right answer with an invented detail fails, scored by the facts it said', () => {
    const result = judgeCase(kettle, seen('A red kettle and a cat.'), []);
    // answered 1, facts 2/3, forbidden 0, summary 1, cost 1: 4.67 of 5.
    expect(result.verdict).toBe('fail');
    expect(result.score).toBeCloseTo((1 + 2 / 3 + 0 + 1 + 1) / 5, 9);
  });

  it('a picture held back is not an answer, and says why', () => {
    const held = seen('', { outcome: 'held', said: ['This picture looks black. Nothing was sent.'] });
    const result = judgeCase(kettle, held, []);
    expect(result.checks[0]).toEqual({
      name: 'answered',
      pass: false,
      detail: 'held: This picture looks black. Nothing was sent.'
    });
    expect(result.verdict).toBe('fail');
  });

  it('a case built to fail is caught only when each check it names fails, and a miss makes the set not ok', () => {
    const builtToFail: EvalCase = { ...kettle, id: 'too-long', expectedToFail: ['summaryFirst'] };
    const long = 'In this picture there is a red kettle standing on a kitchen table by the window.';
    const caught = judgeCase(builtToFail, seen(long), []);
    expect(caught.verdict).toBe('caught');
    const missed = judgeCase(builtToFail, seen('A red kettle on a table.'), []);
    expect(missed.verdict).toBe('missed');

    expect(summariseSet('s', [judgeCase(kettle, seen('A red kettle on a table.'), []), caught]).ok).toBe(true);
    const set = summariseSet('s', [judgeCase(kettle, seen('A red kettle on a table.'), []), missed]);
    expect(set).toMatchObject({ ok: false, score: 1, totals: { passed: 1, caught: 0, failed: 1 } });
  });

  it('a private box sent without its bar fails privacy even when the answer keeps quiet', () => {
    const card = { text: '4111 1111 1111 1111', box: { x: 0, y: 0, width: 100, height: 20 } };
    const privateCase: EvalCase = { ...kettle, expected: { requiredFacts: [['form']], privateItems: [card] } };
    expect(judgeCase(privateCase, seen('A payment form.'), [{ item: card, dark: 0.99 }]).verdict).toBe('pass');
    expect(judgeCase(privateCase, seen('A payment form.'), [{ item: card, dark: 0.2 }]).verdict).toBe('fail');
  });
});
