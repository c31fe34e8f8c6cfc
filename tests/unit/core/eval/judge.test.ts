import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseForJudge, parseGrade } from '../../../../src/core/eval/judge';
import type { EvalCase } from '../../../../src/shared/eval-case';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { EVALS_DIR, runEvalCommand, setWith, sign } from './eval-helpers';

describe("the judge's grade", () => {
  it('is read from the JSON in its reply, and nothing else counts as a grade', () => {
    expect(parseGrade('{"grade": 4, "reason": "Right, a little wordy."}')).toEqual({
      grade: 4,
      reason: 'Right, a little wordy.'
    });
    expect(parseGrade('Here you go:\n{"grade": 2, "reason": "Invents a cat."}\nThanks')).toEqual({
      grade: 2,
      reason: 'Invents a cat.'
    });
    expect(parseGrade('{"grade": 7, "reason": "Off the scale."}')).toBeUndefined();
    expect(parseGrade('{"grade": 3}')).toBeUndefined();
    expect(parseGrade('I would say four.')).toBeUndefined();
    expect(parseGrade('{ not json }')).toBeUndefined();
  });

  it('is asked with the question, the expected facts, what is not there, and the answer', () => {
    const c: EvalCase = {
      id: 'k',
      draft: false,
      input: { picture: null, mode: 'scene', question: null },
      expected: { requiredFacts: [['kettle', 'teapot'], ['red']], forbiddenClaims: ['cat'] }
    };
    expect(caseForJudge(c, 'A red kettle.')).toBe(
      'Question: Describe this scene.\n' +
        'Facts a right answer gives (one phrasing of each): kettle / teapot; red\n' +
        'Not in the picture: cat\n' +
        'Answer to grade:\nA red kettle.'
    );
  });
});

describe('lumen eval --judge', () => {
  let fake: FakeOpenAI;
  let evals: string;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    const typed = {
      id: 'typed',
      draft: false,
      input: { picture: null, mode: 'text', question: 'Where is the bus stop?' },
      expected: { requiredFacts: [['bus stop']] }
    };
    const cases = [sign('red', 'red'), typed, { ...sign('green', 'green'), expectedToFail: ['facts'] }];
    evals = (await setWith(cases)).evals;
    await copyFile(join(EVALS_DIR, 'RUBRIC.md'), join(evals, 'RUBRIC.md'));
  });
  afterAll(() => fake.close());

  it('without the rubric, says so and runs nothing', async () => {
    const bare = (await setWith([sign('red', 'red')])).evals;
    const run = await runEvalCommand(fake, ['--evals', bare, '--judge', 'gpt-6-luna']);
    expect(run.code).toBe(1);
    expect(run.err).toBe(`--judge grades by ${join(bare, 'RUBRIC.md')}, which Lumen cannot read.`);
  });

  it('grades each answer by the rubric with the picture sent, reported apart from the rule-based score', async () => {
    const run = await runEvalCommand(fake, ['--evals', evals, '--judge', 'gpt-6-luna']);
    const smoke = run.report.runs[0]!.sets[0]!;
    // The fake grades nothing: it describes the picture it is shown, or echoes the text.
    for (const c of smoke.cases) {
      expect(c.judge, c.id).toMatchObject({ model: 'gpt-6-luna', grade: null });
      expect(c.judge!.reason, c.id).toMatch(
        /^The judge's reply was not a grade: "(A \d+×\d+ image|You said: Question: Where is the bus stop\?)/
      );
      expect(c.judge!.costUsd, c.id).toBeGreaterThan(0);
    }
    // The rule-based verdicts are the same as without a judge.
    expect(smoke).toMatchObject({ score: 1, ok: true, judge: { model: 'gpt-6-luna', meanGrade: null, graded: 0 } });
    expect(run.code).toBe(0);
    const judged = fake.requests.filter(
      (r) => r.path === '/v1/chat/completions' && (r.body as { model?: string }).model === 'gpt-6-luna'
    );
    expect(judged).toHaveLength(smoke.cases.length);
    const [system] = (judged[0]!.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(system!.content).toMatch(/^You grade one answer that Lumen/);
    expect(run.markdown).toContain('#### Judge gpt-6-luna (apart from the score above): no grade over 0 answers');
    expect(run.report.runs[0]!.sets[0]!.cases.map((c) => c.verdict)).toEqual(['pass', 'pass', 'caught']);
    expect(run.out).toContain('  judge gpt-6-luna, apart from the score: no grade over 0 answers');
  }, 120_000);

  it('grades that parse are averaged over the ordinary cases', async () => {
    fake.setReply('{"grade": 4, "reason": "Right, a little short."}');
    try {
      const run = await runEvalCommand(fake, ['--evals', evals, '--judge', 'gpt-6-luna']);
      const smoke = run.report.runs[0]!.sets[0]!;
      // Every chat answer is now the same reply, so the rule-based score falls; the judge's does not mix in.
      expect(smoke.judge).toMatchObject({ meanGrade: 4 });
      expect(smoke.score).toBeLessThan(1);
      expect(smoke.cases.find((c) => c.id === 'red')!.judge).toMatchObject({
        grade: 4,
        reason: 'Right, a little short.'
      });
    } finally {
      fake.setReply(null);
    }
  }, 120_000);
});
