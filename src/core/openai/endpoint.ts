import type { Environment } from '../ports';

export const DEFAULT_ENDPOINT = 'https://api.openai.com/v1';

/** What the user typed into Lumen wins; then OPENAI_BASE_URL; then the service itself. */
export function resolveEndpoint(configured: string, env: Environment): string {
  const chosen = configured.trim() || env.OPENAI_BASE_URL?.trim() || DEFAULT_ENDPOINT;
  return chosen.replace(/\/+$/, '');
}

/** A short name for the endpoint that reads well aloud ("api.openai.com", "127.0.0.1 port 4000"). */
export function speakableHost(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return url.port ? `${url.hostname} port ${url.port}` : url.hostname;
  } catch {
    return 'the configured endpoint';
  }
}
