import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCaseFile } from '../../../../src/core/eval/case-set';
import type { SetResult } from '../../../../src/core/eval/report';
import { chatCost } from '../../../../src/core/usage/prices';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { EVALS_DIR, runEvalCommand } from './eval-helpers';

/*
 * The smoke set against the fake server, as CI runs it (`npm run eval -- --set smoke --fake`): the
 * cases the fake answers right pass, and each case built to fail is caught by the check it names.
 */
let fake: FakeOpenAI;
let run: Awaited<ReturnType<typeof runEvalCommand>>;
let smoke: SetResult;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  run = await runEvalCommand(fake, ['--set', 'smoke']);
  smoke = run.report.runs[0]!.sets[0]!;
}, 120_000);
afterAll(() => fake.close());

const result = (id: string) => smoke.cases.find((c) => c.id === id)!;

describe('the smoke set against the fake server', () => {
  it('passes, and says so with the set score on stdout', () => {
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/^gpt-6\.1-terra · smoke: score 100 %, 5 passed, 7 faults caught, 0 failed$/m);
    expect(run.report).toMatchObject({
      format: 'lumen-eval-report',
      version: 1,
      endpoint: fake.baseURL,
      regressions: []
    });
    expect(run.report.runs.map((r) => r.model)).toEqual(['gpt-6.1-terra']);
    expect(smoke).toMatchObject({ name: 'smoke', score: 1, ok: true, drafts: [] });
  });

  it('runs every case of cases.json once, through the service, in order', async () => {
    const cases = await readCaseFile(`${EVALS_DIR}/smoke/cases.json`);
    expect(smoke.cases.map((c) => c.id)).toEqual(cases.map((c) => c.id));
    const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chats).toHaveLength(cases.filter((c) => !c.input.audioFile).length);
  });

  it('asks the spoken question aloud in the conversation, and scores its spoken answer', () => {
    const spoken = result('spoken-question');
    expect(spoken).toMatchObject({ verdict: 'pass', outcome: 'complete', model: 'gpt-realtime-2.1-mini' });
    // The fake transcribes the recording it does not know by its length, and answers with it.
    const heard = /^You: \[speech, (\d\.\d) seconds\]$/.exec(spoken.said[0]!)![1];
    expect(spoken.answer).toBe(`I heard about ${heard} seconds of speech.`);
    expect(spoken.tokens.input).toBeGreaterThan(0);
    expect(spoken.costUsd).toBeGreaterThan(0);
    const sent = fake.realtimeEvents.filter((e) => e.event.type === 'input_audio_buffer.append');
    expect(sent.length).toBeGreaterThan(0);
  });

  it('gives each case its verdict; a case built to fail is caught by exactly the check it names', () => {
    for (const c of smoke.cases) {
      const failed = c.checks.filter((check) => !check.pass).map((check) => check.name);
      if (c.expectedToFail) {
        expect(c.verdict, c.id).toBe('caught');
        expect(failed, c.id).toEqual(c.expectedToFail);
      } else {
        expect(c.verdict, c.id).toBe('pass');
        expect(failed, c.id).toEqual([]);
        expect(c.score, c.id).toBe(1);
      }
    }
  });

  it('quotes what was wrong in each failing check', () => {
    const detail = (id: string) => result(id).checks.find((check) => !check.pass)!.detail;
    expect(detail('fails-wrong-answer')).toBe('0 of 1 facts said; missing: "green"');
    expect(detail('fails-invented-detail')).toBe('claimed "dim"');
    expect(detail('fails-long-first-sentence')).toMatch(
      /^first sentence has 6 words \(at most 3\): "A 640×480 image, /
    );
    expect(detail('fails-leaked-card-number')).toBe('the answer says "4111 1111 1111 1111"');
    expect(detail('fails-name-not-hidden')).toMatch(/^"Welcome back, Sam" was sent \d+ % dark$/);
    expect(detail('fails-over-cost-ceiling')).toMatch(/^\$0\.000\d{3} \(at most \$0\.000001\)$/);
    expect(detail('fails-other-language')).toBe('fr (wanted en)');
  });

  it('sends the private screen with its card number, e-mail address and code blacked out, and says so', () => {
    const hidden = result('card-hidden');
    expect(hidden.checks.find((c) => c.name === 'privacy')).toEqual({
      name: 'privacy',
      pass: true,
      detail: '3 private items kept private'
    });
    expect(hidden.said).toContain('3 private items hidden: a card number, an e-mail address and a security code.');
  });

  it('reports timings, tokens and cost per case, and the set totals from them', () => {
    for (const c of smoke.cases.filter((c) => c.id !== 'spoken-question')) {
      expect(c.outcome, c.id).toBe('complete');
      expect(c.model, c.id).toBe('gpt-6.1-terra');
      expect(c.firstTokenMs, c.id).toBeGreaterThan(0);
      expect(c.firstSpokenMs!, c.id).toBeGreaterThanOrEqual(c.firstTokenMs!);
      expect(c.totalMs, c.id).toBeGreaterThanOrEqual(c.firstSpokenMs!);
      expect(c.tokens.input, c.id).toBeGreaterThan(0);
      expect(c.tokens.output, c.id).toBeGreaterThan(0);
      const cost = chatCost('gpt-6.1-terra', { prompt_tokens: c.tokens.input, completion_tokens: c.tokens.output });
      expect(c.costUsd, c.id).toBeCloseTo(cost.usd, 12);
      expect(c.costEstimated, c.id).toBe(false);
    }
    // A picture costs more tokens than a typed question.
    expect(result('red-sign').tokens.input).toBeGreaterThan(result('typed-question').tokens.input);
    const sum = (f: (c: SetResult['cases'][number]) => number) => smoke.cases.reduce((n, c) => n + f(c), 0);
    expect(smoke.totals).toMatchObject({
      cases: 12,
      passed: 5,
      caught: 7,
      failed: 0,
      tokens: { input: sum((c) => c.tokens.input), output: sum((c) => c.tokens.output) }
    });
    expect(smoke.totals.costUsd).toBeCloseTo(
      sum((c) => c.costUsd),
      9
    );
    const firstTokens = smoke.cases.map((c) => c.firstTokenMs!).sort((a, b) => a - b);
    expect(smoke.totals.medianFirstTokenMs).toBe((firstTokens[5]! + firstTokens[6]!) / 2);
  });

  it('writes the same in Markdown: the set line, a row per case, and each failure quoted', () => {
    expect(run.markdown).toContain('### Set smoke: score 100 %, ok');
    for (const c of smoke.cases) expect(run.markdown).toMatch(new RegExp(`^\\| ${c.id} \\| `, 'm'));
    expect(run.markdown).toContain(
      '- **fails-leaked-card-number** (caught) answered: "You said: Read my card number back to me: 4111 1111 1111 1111"'
    );
    expect(run.markdown).toContain('  - language: fr (wanted en)');
  });
});
