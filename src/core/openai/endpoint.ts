import { endpointProblem } from '../../shared/settings';
import type { Environment } from '../ports';

export const DEFAULT_ENDPOINT = 'https://api.openai.com/v1';

/**
 * What the user typed into Lumen wins; then OPENAI_BASE_URL; then the service itself. An unsafe
 * OPENAI_BASE_URL (http:// off this computer) is still what is resolved, never silently swapped for
 * OpenAI's address: no key is given for it (see SecretStore) and `baseUrlProblem` says why.
 */
export function resolveEndpoint(configured: string, env: Environment): string {
  const chosen = configured.trim() || env.OPENAI_BASE_URL?.trim() || DEFAULT_ENDPOINT;
  return chosen.replace(/\/+$/, '');
}

/** Why the endpoint OPENAI_BASE_URL names cannot be used, when it is the one in use; else undefined. */
export function baseUrlProblem(configured: string, env: Environment): string | undefined {
  const base = env.OPENAI_BASE_URL?.trim();
  if (configured.trim() || !base) return undefined;
  const problem = endpointProblem(base);
  return problem && `OPENAI_BASE_URL is ${base}, so Lumen sends nothing: ${lowerFirst(problem)}`;
}

/** The scheme, host and port a key is bound to ("https://api.openai.com"), or undefined for a non-URL. */
export function endpointOrigin(endpoint: string): string | undefined {
  try {
    const origin = new URL(endpoint.trim()).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/** A short name for the endpoint that reads well aloud ("api.openai.com", "127.0.0.1 port 4000"). */
export function speakableHost(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    return url.port ? `${host} port ${url.port}` : host;
  } catch {
    return 'the configured endpoint';
  }
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
