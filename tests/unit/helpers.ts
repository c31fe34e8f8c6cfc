import { createCore, type Core, type CoreDeps } from '../../src/core/app';
import type { EventPayload, TextUtterance } from '../../src/shared/contract';
import { MemoryKeyVault, createSecretStore } from '../../src/core/secrets';
import type { Settings } from '../../src/shared/settings';

/**
 * A real core with in-memory settings and key: what every host builds, minus the disk. Its
 * default endpoint is a closed loopback port, so no test can reach the network by accident.
 */
export async function memoryCore(overrides: Partial<CoreDeps> = {}) {
  let stored: unknown;
  return createCore({
    host: 'web',
    version: '0.0.0-test',
    platform: 'linux',
    secrets: createSecretStore(new MemoryKeyVault(), {}),
    settingsStore: {
      read: async () => stored,
      write: async (s: Settings) => {
        stored = s;
      }
    },
    env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    ...overrides
  });
}

/**
 * Requests that carried something of the user's (answers, pictures, speech): everything but the model
 * list, which core fetches in the background once a key is set.
 */
export const uploads = (fake: { requests: ReadonlyArray<{ method: string; path: string }> }) =>
  fake.requests.filter((r) => !(r.method === 'GET' && r.path.startsWith('/v1/models'))).length;

/**
 * Plays the window's part for text speech (the screen reader or system voice): each utterance core
 * asks the page to say is passed to `heard`, then reported spoken at once unless `reply` is false.
 */
export function speakAsPage(core: Core, heard: (utterance: TextUtterance) => void = () => {}, reply = true) {
  return core.subscribe((channel, payload) => {
    if (channel !== 'page.request') return;
    const asked = payload as EventPayload<'page.request'>;
    if (asked.channel !== 'speech.utterance') return;
    heard(asked.payload as TextUtterance);
    if (reply) void core.router.invoke('page.reply', { id: asked.id, reply: { outcome: 'spoken' } });
  });
}

/**
 * A core on the command line's headless speech, with a clock the test moves (`clock.now`): `said`
 * holds each sentence spoken; `saying(match)` resolves with what matched once all that was said,
 * sentence by sentence and joined, matches.
 */
export async function clockedCore(overrides: Partial<CoreDeps> = {}) {
  const clock = { now: 0 };
  const said: string[] = [];
  const waiters: Array<{ match: RegExp; resolve: (text: string) => void }> = [];
  const core = await memoryCore({
    host: 'cli',
    now: () => clock.now,
    write: ({ text }: TextUtterance) => {
      said.push(text);
      for (const w of waiters.splice(0)) {
        const found = w.match.exec(said.join(' '));
        if (found) w.resolve(found[0]);
        else waiters.push(w);
      }
    },
    ...overrides
  });
  const saying = (match: RegExp) =>
    new Promise<string>((resolve) => {
      const found = match.exec(said.join(' '));
      if (found) resolve(found[0]);
      else waiters.push({ match, resolve });
    });
  return { core, clock, said, saying };
}
