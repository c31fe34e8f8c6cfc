import type { ServerContext } from './context';
import { unsupportedParameterError, type ServiceError } from './errors';

/** A parameter counts as given when it has a value; JSON null is the same as leaving it out. */
export const given = (body: Record<string, unknown>, param: string): boolean =>
  body[param] !== undefined && body[param] !== null;

/**
 * The first parameter of the request that a test made the model refuse (fake.rejectParameter), as
 * the service's 400 unsupported_parameter. A rule set for a model also holds for its dated snapshots.
 */
export function refusedByTest(ctx: ServerContext, model: string, body: Record<string, unknown>): ServiceError | null {
  const refused = new Set<string>();
  for (const [name, params] of ctx.rejectedParams)
    if (model === name || model.startsWith(`${name}-20`)) for (const p of params) refused.add(p);
  const param = Object.keys(body).find((p) => refused.has(p) && given(body, p));
  return param === undefined ? null : unsupportedParameterError(param);
}
