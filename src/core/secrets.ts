import { z } from 'zod';
import type { KeyStatus } from '../shared/contract';
import { LumenError } from '../shared/errors';
import { endpointProblem } from '../shared/settings';
import { DEFAULT_ENDPOINT, endpointOrigin, speakableHost } from './openai/endpoint';
import type { Environment, SecretStore } from './ports';

/** Persistence for one secret. `storage` says how safe it is, for the status line. */
export interface KeyVault {
  readonly storage: KeyStatus['storage'];
  load(): Promise<string | undefined>;
  save(key: string): Promise<void>;
  erase(): Promise<void>;
}

/** Keeps the key for this run only: used where no safe persistence exists. */
export class MemoryKeyVault implements KeyVault {
  readonly storage = 'memory' as const;
  private key: string | undefined;
  async load() {
    return this.key;
  }
  async save(key: string) {
    this.key = key;
  }
  async erase() {
    this.key = undefined;
  }
}

/** OpenAI's own address: the one place besides OPENAI_BASE_URL's that OPENAI_API_KEY may go. */
const OPENAI_ORIGIN = endpointOrigin(DEFAULT_ENDPOINT)!;

/**
 * What the API-key vault holds: the key and the origin (scheme, host and port) it was entered for, as
 * JSON. Earlier versions kept the bare key; see createSecretStore.
 */
const boundKeySchema = z.object({ key: z.string().trim().min(1), origin: z.string().min(1) });
type BoundKey = z.infer<typeof boundKeySchema>;

function readBound(text: string): BoundKey | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = boundKeySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The origin a key may be bound to or sent to, or undefined for an endpoint no key may reach. */
const safeOrigin = (endpoint: string) => (endpointProblem(endpoint) ? undefined : endpointOrigin(endpoint));

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * The API key, and where it may go. A key typed into Lumen is bound to the origin of the endpoint in
 * use when it was entered, and is sent there only: changing the endpoint to another host, port or
 * scheme asks for the key again. OPENAI_API_KEY goes only to https://api.openai.com and to the origin
 * OPENAI_BASE_URL names (when that is a safe address). Where both may go, the key typed into Lumen wins;
 * clearing it falls back to the variable. No key goes to an http:// address off this computer.
 *
 * A bare key, as versions before the binding kept it, is bound the first time it is read to the
 * endpoint in use then (core reads it at start-up, before anything can change the endpoint), and is
 * written back with its origin.
 */
export function createSecretStore(vault: KeyVault, env: Environment): SecretStore {
  let loading: Promise<BoundKey | undefined> | undefined;

  const load = async (endpoint: string): Promise<BoundKey | undefined> => {
    const text = (await vault.load())?.trim();
    if (!text) return undefined;
    const bound = readBound(text);
    if (bound) return bound;
    const origin = safeOrigin(endpoint);
    // Nowhere safe to bind it to: it stays as it is, unused, until Lumen starts with a usable endpoint.
    if (!origin) return undefined;
    const adopted = { key: text, origin };
    await vault.save(JSON.stringify(adopted)).catch(() => undefined);
    return adopted;
  };
  const stored = (endpoint: string): Promise<BoundKey | undefined> =>
    (loading ??= load(endpoint).catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));

  const envKey = () => env.OPENAI_API_KEY?.trim() || undefined;
  /** Where OPENAI_API_KEY may go, as origins. */
  const envOrigins = () => {
    const base = env.OPENAI_BASE_URL?.trim();
    const baseOrigin = base ? safeOrigin(base) : undefined;
    return baseOrigin && baseOrigin !== OPENAI_ORIGIN ? [OPENAI_ORIGIN, baseOrigin] : [OPENAI_ORIGIN];
  };

  /** Which key `endpoint` gets, and what Lumen holds that it does not get. */
  const decide = async (endpoint: string) => {
    const origin = safeOrigin(endpoint);
    const own = await stored(endpoint);
    const fromEnv = envKey();
    const ownFits = !!own && own.origin === origin;
    const envFits = !!fromEnv && !!origin && envOrigins().includes(origin);
    const key = ownFits ? own.key : envFits ? fromEnv : undefined;
    const source: KeyStatus['source'] = ownFits ? 'lumen' : envFits ? 'environment' : 'none';
    return { origin, own, fromEnv, ownFits, envFits, key, source };
  };

  /** Two endpoints said aloud; in full when they differ only in scheme. */
  const sayBoth = (from: string, to: string) => {
    const [a, b] = [speakableHost(from), speakableHost(to)];
    return a === b ? [endpointOrigin(from) ?? from, endpointOrigin(to) ?? to] : [a, b];
  };

  const withheldSentence = (endpoint: string, d: Awaited<ReturnType<typeof decide>>): string | undefined => {
    const problem = endpointProblem(endpoint);
    if (problem) return d.own || d.fromEnv ? `Lumen sends no key to ${endpoint}: ${lowerFirst(problem)}` : undefined;
    if (d.own && !d.ownFits) {
      const [boundTo, here] = sayBoth(d.own.origin, endpoint);
      const then = d.envFits
        ? '; the key in OPENAI_API_KEY is used there instead.'
        : '. Enter the key for that endpoint in Settings.';
      return `The saved key was entered for ${boundTo}, so it is not sent to ${here}${then}`;
    }
    if (!d.own && d.fromEnv && !d.envFits) {
      const allowed = envOrigins().map((o, i) =>
        i === 0 ? speakableHost(o) : `${speakableHost(o)} (OPENAI_BASE_URL)`
      );
      return `The key in OPENAI_API_KEY is sent only to ${allowed.join(' and ')}, so it is not sent to ${speakableHost(endpoint)}. Enter the key for that endpoint in Settings.`;
    }
    return undefined;
  };

  return {
    async getKey(endpoint) {
      return (await decide(endpoint)).key;
    },
    async setKey(key, endpoint) {
      const origin = safeOrigin(endpoint);
      if (!origin) {
        throw new LumenError(
          'INVALID_REQUEST',
          `Lumen keeps no key for ${endpoint}: ${lowerFirst(endpointProblem(endpoint) ?? 'it is not a web address.')}`
        );
      }
      const bound = { key: key.trim(), origin };
      await vault.save(JSON.stringify(bound));
      loading = Promise.resolve(bound);
    },
    async clearKey() {
      await vault.erase();
      loading = Promise.resolve(undefined);
    },
    async status(endpoint) {
      const d = await decide(endpoint);
      const withheld = withheldSentence(endpoint, d);
      return {
        keySet: d.key !== undefined,
        source: d.source,
        storage: vault.storage,
        endpoint: speakableHost(endpoint),
        ...(d.own ? { boundTo: d.ownFits ? speakableHost(d.own.origin) : sayBoth(d.own.origin, endpoint)[0] } : {}),
        forEndpoint: withheld === undefined,
        ...(withheld ? { withheld } : {})
      };
    }
  };
}
