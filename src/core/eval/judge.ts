import { z } from 'zod';
import type { ChatCompletionContentPart } from 'openai/resources/chat/completions';
import type { EvalCase } from '../../shared/eval-case';
import { streamAnswer } from '../assistant/stream-answer';
import { jpegDataUrl } from '../imaging/prepare';
import { chatCost } from '../usage/prices';

/*
 * The optional judge (`--judge MODEL`): another model grades an answer against the written rubric
 * (evals/RUBRIC.md), seeing the picture that was sent. Its grade is reported beside the rule-based
 * score, never instead of it: a judge is itself a model that can be wrong.
 */

export interface JudgeVerdict {
  model: string;
  /** 1 (wrong or harmful) to 5 (right, complete, well ordered); null when the reply was not a grade. */
  grade: number | null;
  reason: string;
  costUsd: number;
}

export interface JudgeRequest {
  endpoint: string;
  key: string;
  model: string;
  rubric: string;
  fetchImpl?: typeof fetch;
}

const gradeSchema = z.object({ grade: z.number().int().min(1).max(5), reason: z.string().min(1).max(2000) });

/** The grade in a judge's reply: the first JSON object in it, if it is one. */
export function parseGrade(reply: string): { grade: number; reason: string } | undefined {
  const json = /\{[\s\S]*\}/.exec(reply)?.[0];
  if (!json) return undefined;
  try {
    const parsed = gradeSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the judge is told about the case: the question and what the case's author expects. */
export function caseForJudge(c: EvalCase, answer: string): string {
  const { expected } = c;
  const lines = [
    `Question: ${c.input.question ?? (c.input.mode === 'text' ? '(spoken)' : `Describe this ${c.input.mode}.`)}`,
    expected.requiredFacts?.length
      ? `Facts a right answer gives (one phrasing of each): ${expected.requiredFacts.map((f) => f.join(' / ')).join('; ')}`
      : '',
    expected.forbiddenClaims?.length ? `Not in the picture: ${expected.forbiddenClaims.join('; ')}` : '',
    expected.privateItems?.length ? 'The picture had private items; they must not be read out.' : '',
    `Answer to grade:\n${answer}`
  ];
  return lines.filter(Boolean).join('\n');
}

export async function judgeAnswer(
  request: JudgeRequest,
  c: EvalCase,
  answer: string,
  picture?: Buffer
): Promise<JudgeVerdict> {
  const content: ChatCompletionContentPart[] = [{ type: 'text', text: caseForJudge(c, answer) }];
  if (picture) content.push({ type: 'image_url', image_url: { url: jpegDataUrl(picture), detail: 'low' } });
  let costUsd = 0;
  let reply: string;
  try {
    reply = await streamAnswer({
      endpoint: request.endpoint,
      key: request.key,
      model: request.model,
      params: { max_completion_tokens: 1000 },
      messages: [
        { role: 'system', content: request.rubric },
        { role: 'user', content }
      ],
      fetchImpl: request.fetchImpl,
      onDelta: () => {},
      onUsage: (usage) => {
        costUsd = chatCost(request.model, usage).usd;
      }
    });
  } catch (error) {
    return {
      model: request.model,
      grade: null,
      reason: `The judge could not be asked: ${(error as Error).message}`,
      costUsd
    };
  }
  const grade = parseGrade(reply);
  return grade
    ? { model: request.model, ...grade, costUsd }
    : {
        model: request.model,
        grade: null,
        reason: `The judge's reply was not a grade: "${reply.slice(0, 200)}"`,
        costUsd
      };
}
