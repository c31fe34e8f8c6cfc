import { describe, expect, it } from 'vitest';
import { evalCaseFileSchema, evalCaseSchema, type EvalCase } from '../../../src/shared/eval-case';

const ready: EvalCase = {
  id: 'kitchen-cup',
  draft: false,
  input: { picture: Buffer.from([0xff, 0xd8, 0xff, 0xd9]).toString('base64'), mode: 'scene', question: null },
  expected: {
    requiredFacts: [
      ['cup', 'mug'],
      ['on the left', "at 9 o'clock"]
    ],
    forbiddenClaims: ['a person'],
    summaryFirstMaxWords: 25,
    language: 'en',
    maxCostUsd: 0.01
  }
};

const issues = (value: unknown) => {
  const parsed = evalCaseSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('the evaluation case format', () => {
  it('takes a finished case, and a draft whose expectations are still to be written', () => {
    expect(issues(ready)).toEqual([]);
    expect(issues({ ...ready, draft: true, expected: {} })).toEqual([]);
  });

  it('wants a finished case to name at least one fact, each with a phrasing', () => {
    expect(issues({ ...ready, expected: {} })).toEqual([
      'expected.requiredFacts: A case that is not a draft needs at least one required fact.'
    ]);
    expect(issues({ ...ready, expected: { requiredFacts: [[]] } })).toHaveLength(1);
  });

  it('refuses a picture that is not base64, an unknown mode, and fields it does not know', () => {
    expect(issues({ ...ready, input: { ...ready.input, picture: 'not base64!' } })).toHaveLength(1);
    expect(issues({ ...ready, input: { ...ready.input, mode: 'video' } })).toHaveLength(1);
    expect(issues({ ...ready, score: 1 })).toHaveLength(1);
  });

  it('a file names its format and version, and each case has its own id', () => {
    const file = { format: 'lumen-eval-cases', version: 1, cases: [ready, { ...ready, id: 'other' }] };
    expect(evalCaseFileSchema.safeParse(file).success).toBe(true);
    expect(evalCaseFileSchema.safeParse({ ...file, version: 2 }).success).toBe(false);
    expect(evalCaseFileSchema.safeParse({ ...file, cases: [ready, ready] }).success).toBe(false);
  });
});
