import { describe, expect, it } from 'vitest';
import type { TextUtterance, UpdateState } from '../../../../src/shared/contract';
import type { UpdateListener, UpdateSource } from '../../../../src/core/ports';
import { memoryCore } from '../../helpers';

/** The updater's port as electron-updater drives it: the test plays the feed's part. */
function feed() {
  let listener!: UpdateListener;
  const calls = { download: 0, install: 0 };
  const source: UpdateSource = {
    start: (l) => (listener = l),
    download: async () => {
      calls.download++;
      listener.progress(40);
      listener.downloaded('1.2.0');
    },
    install: () => void calls.install++
  };
  return { source, calls, feed: () => listener };
}

async function updatingCore(updates?: UpdateSource) {
  const said: string[] = [];
  const waiters: Array<{ match: RegExp; resolve: () => void }> = [];
  /** Resolves once what Lumen said, sentence by sentence, matches. */
  const saying = (match: RegExp) =>
    new Promise<void>((resolve) => {
      if (match.test(said.join(' '))) resolve();
      else waiters.push({ match, resolve });
    });
  const states: UpdateState[] = [];
  const core = await memoryCore({
    host: 'cli',
    updates,
    write: ({ text }: TextUtterance) => {
      said.push(text);
      for (const w of waiters.splice(0)) {
        if (w.match.test(said.join(' '))) w.resolve();
        else waiters.push(w);
      }
    }
  });
  core.subscribe((channel, payload) => {
    if (channel === 'update.state') states.push(payload as UpdateState);
  });
  const invoke = (channel: 'update.status' | 'update.download' | 'update.install') => core.router.invoke(channel, {});
  return { core, said, saying, states, invoke };
}

describe('updates', () => {
  it('are off without an updater (development, the web host, the command line), and say so when asked', async () => {
    const { core, invoke } = await updatingCore();
    expect(await invoke('update.status')).toEqual({ ok: true, value: { state: 'off' } });
    const download = await invoke('update.download');
    expect(download).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(!download.ok && download.error.message).toMatch(/installed desktop app/);
    await core.close();
  });

  it('never download an update found until asked; then say once that it is ready, and install on request', async () => {
    const { source, calls, feed: listener } = feed();
    const { core, said, saying, states, invoke } = await updatingCore(source);
    expect(await invoke('update.status')).toEqual({ ok: true, value: { state: 'idle' } });

    listener().available('1.2.0', 52_000_000);
    expect(states.at(-1)).toEqual({ state: 'available', version: '1.2.0', bytes: 52_000_000 });
    expect(calls.download).toBe(0);
    expect(await invoke('update.install')).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });

    expect(await invoke('update.download')).toEqual({ ok: true, value: { state: 'ready', version: '1.2.0' } });
    expect(calls.download).toBe(1);
    expect(states.map((s) => [s.state, s.percent])).toEqual([
      ['available', undefined],
      ['downloading', 0],
      ['downloading', 40],
      ['ready', undefined]
    ]);
    await saying(
      /^Lumen 1\.2\.0 is ready to install\. Restart Lumen when it suits you, or choose "Restart to install"\.$/
    );

    // The feed reporting the same download again (a second check) is not said again; a newer one is.
    listener().downloaded('1.2.0');
    listener().downloaded('1.2.1');
    await saying(
      /Lumen 1\.2\.1 is ready to install\. Restart Lumen when it suits you, or choose "Restart to install"\.$/
    );
    expect(said.filter((text) => text.startsWith('Lumen 1.2.0 is ready'))).toHaveLength(1);

    expect(await invoke('update.install')).toEqual({ ok: true, value: {} });
    expect(calls.install).toBe(1);
    await core.close();
  });

  it('report a failed check or download in the state, and let the download be asked for again', async () => {
    const { source, calls, feed: listener } = feed();
    const { core, states, invoke } = await updatingCore(source);
    listener().available('1.2.0');
    listener().failed('net::ERR_INTERNET_DISCONNECTED');
    expect(states.at(-1)).toEqual({ state: 'failed', version: '1.2.0' });
    expect(await invoke('update.download')).toMatchObject({ ok: true, value: { state: 'ready' } });
    expect(calls.download).toBe(1);
    await core.close();
  });
});
