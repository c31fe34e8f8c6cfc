import type { ConnectionReport } from '../../shared/contract';
import { speakableHost } from './endpoint';

export interface ConnectionCheckInput {
  endpoint: string;
  key: string | undefined;
  /** Why no key may go to this endpoint although Lumen holds one; said instead of "No API key is set". */
  withheld?: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  /** The service's list of models, when it answered with one (the model catalogue takes it). */
  onModels?: (body: unknown) => void;
}

/** Asks the endpoint for its model list: proves the address, the network and the key in one call. */
export async function checkConnection({
  endpoint,
  key,
  withheld,
  fetchImpl = fetch,
  timeoutMs = 8000,
  onModels
}: ConnectionCheckInput): Promise<ConnectionReport> {
  const host = speakableHost(endpoint);
  const report = (ok: boolean, message: string, modelCount?: number): ConnectionReport => ({
    ok,
    endpoint,
    message,
    ...(modelCount !== undefined ? { modelCount } : {})
  });
  if (!key) {
    if (withheld) return report(false, withheld);
    return report(false, 'No API key is set. Open Settings and enter your OpenAI API key, or set OPENAI_API_KEY.');
  }
  let response: Response;
  try {
    response = await fetchImpl(`${endpoint}/models`, {
      headers: { Authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(timeoutMs)
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return report(false, `${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
    }
    return report(false, `Lumen could not reach ${host}. Check your network connection and the endpoint in Settings.`);
  }
  if (response.status === 401 || response.status === 403) {
    return report(false, `${host} refused the API key. Check that the key is correct and still active.`);
  }
  if (response.status === 429) {
    return report(false, `${host} says the key is over its rate limit or quota. Try again later or check your plan.`);
  }
  if (!response.ok) {
    return report(false, `${host} answered with error ${response.status}. Try again in a minute.`);
  }
  const body = (await response.json().catch(() => undefined)) as { data?: unknown } | undefined;
  if (!body || !Array.isArray(body.data)) {
    return report(
      false,
      `${host} answered, but not like an OpenAI-compatible service. Check the endpoint in Settings.`
    );
  }
  onModels?.(body);
  const count = body.data.length;
  return report(true, `Connected to ${host}. ${count} ${count === 1 ? 'model is' : 'models are'} available.`, count);
}
