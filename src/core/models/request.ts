import { specFor } from './table';

/** Why the answer is asked for: a describe must start speaking fast; a typed question may think longer. */
export type AnswerPurpose = 'describe' | 'question';

/** Visible words of an answer; reasoning models also spend tokens thinking, within the same limit. */
const ANSWER_TOKENS = 1200;
const THINKING_TOKENS = { fast: 2000, longer: 8000 };
/** A low temperature keeps descriptions factual, on models that take one. */
const TEMPERATURE = 0.3;

/**
 * The parameters a chat request needs for this model, beyond the messages: the right name for the
 * length limit, reasoning effort where the model reasons, temperature where it is taken, and never
 * a parameter the service has refused for this model before.
 */
export function chatParameters(
  model: string,
  purpose: AnswerPurpose,
  options: { thinkLonger: boolean; refused: ReadonlySet<string> }
): Record<string, unknown> {
  const spec = specFor(model);
  const params: Record<string, unknown> = {};
  const longer = purpose === 'question' && options.thinkLonger;
  const limit = spec.reasoning ? ANSWER_TOKENS + THINKING_TOKENS[longer ? 'longer' : 'fast'] : ANSWER_TOKENS;
  // A refused name for the limit means the other one is wanted (the service says so in its message).
  let tokenParam: string = spec.tokenParam;
  if (options.refused.has(tokenParam))
    tokenParam = tokenParam === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens';
  params[tokenParam] = limit;
  if (spec.reasoning) params.reasoning_effort = longer ? spec.reasoning.longer : spec.reasoning.fast;
  if (spec.temperature) params.temperature = TEMPERATURE;
  for (const name of options.refused) delete params[name];
  return params;
}

/** The SDK's view of a 400 from the service (an OpenAI.BadRequestError, or its plain shape). */
interface ServiceRefusal {
  status?: number;
  code?: string | null;
  param?: string | null;
  message?: string;
}

/**
 * The request parameter a 400 refused, when the service names one: `unsupported_parameter` or
 * `unsupported_value` with its `param`, or a compatible server's "Unrecognized request argument
 * supplied: temperature".
 */
export function refusedParameter(error: unknown): string | undefined {
  const e = error as ServiceRefusal | null;
  if (!e || e.status !== 400) return undefined;
  if ((e.code === 'unsupported_parameter' || e.code === 'unsupported_value') && e.param) {
    return /^[a-z_]{1,64}$/.test(e.param) ? e.param : undefined;
  }
  return /Unrecognized request argument supplied: ([a-z_]{1,64})/.exec(e.message ?? '')?.[1];
}

/** The service no longer has the model: 404 model_not_found, or a message saying it does not exist. */
export function isModelGone(error: unknown): boolean {
  const e = error as ServiceRefusal | null;
  if (!e || (e.status !== 404 && e.status !== 400)) return false;
  return e.code === 'model_not_found' || /model .* does not exist/i.test(e.message ?? '');
}

/** Seconds to wait for a first answer: reasoning models may think for a while before the first word. */
export function answerTimeoutMs(model: string): number {
  return specFor(model).reasoning ? 120_000 : 30_000;
}
