/**
 * The Realtime WebSocket address for a configured base URL: same host and path, `/realtime` added,
 * https → wss and http → ws, so the service, local and compatible endpoints and the fake server all
 * work. Query parameters the endpoint already has (e.g. an api-version) are kept.
 */
export function realtimeUrl(endpoint: string, model: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    throw new RangeError(`"${endpoint}" is not a web address.`);
  }
  const protocols: Record<string, string> = { 'https:': 'wss:', 'http:': 'ws:', 'wss:': 'wss:', 'ws:': 'ws:' };
  const protocol = protocols[url.protocol];
  if (!protocol) throw new RangeError(`The endpoint must start with http:// or https:// (got ${url.protocol}).`);
  // URL refuses to switch between "special" schemes with the setter only in some cases; rebuild instead.
  const rebuilt = new URL(`${protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}/realtime${url.search}`);
  rebuilt.searchParams.set('model', model);
  return rebuilt.toString();
}

/** The service's Bearer auth, sent on the WebSocket handshake (never in the URL). */
export function authHeaders(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}
