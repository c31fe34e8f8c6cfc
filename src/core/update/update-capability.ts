import type { InvokeHandlers } from '../router';
import type { CoreContext } from '../context';
import type { UpdateSource } from '../ports';
import type { UpdateState } from '../../shared/contract';
import { LumenError } from '../../shared/errors';

/*
 * The desktop app's updates. The host's source checks the release feed and never downloads by
 * itself: the page asks for the download once it knows the connection is not metered (or the user
 * said yes). When an update is ready Lumen says so once, in its voice and in the window's log, and
 * the page shows "Restart to install". Without a source (development, web host, command line) the
 * state stays "off".
 */

const OFF_HERE = 'Updates come with the installed desktop app; this copy of Lumen is not updated by itself.';

export function createUpdates(
  ctx: Pick<CoreContext, 'emit' | 'logger'>,
  deps: { source?: UpdateSource; say: (text: string) => void }
) {
  const { source } = deps;
  let state: UpdateState = { state: source ? 'idle' : 'off' };
  const set = (next: UpdateState) => {
    state = next;
    ctx.emit('update.state', next);
  };
  const said = new Set<string>();

  source?.start({
    available: (version, bytes) => set({ state: 'available', version, ...(bytes ? { bytes } : {}) }),
    progress: (percent) => set({ ...state, state: 'downloading', percent: Math.min(100, Math.max(0, percent)) }),
    downloaded: (version) => {
      set({ state: 'ready', version });
      if (said.has(version)) return;
      said.add(version);
      deps.say(
        `Lumen ${version} is ready to install. Restart Lumen when it suits you, or choose "Restart to install".`
      );
    },
    failed: (message) => {
      ctx.logger.warn('Update failed', { message });
      set({ ...state, state: 'failed' });
    }
  });

  const handlers: Pick<InvokeHandlers, 'update.status' | 'update.download' | 'update.install'> = {
    'update.status': () => state,
    'update.download': async () => {
      if (!source) throw new LumenError('UNSUPPORTED', OFF_HERE);
      if (state.state !== 'available' && state.state !== 'failed') return state;
      set({ ...state, state: 'downloading', percent: 0 });
      // A failure arrives through the listener too; the page hears of it from the state.
      await source.download().catch(() => undefined);
      return state;
    },
    'update.install': () => {
      if (!source) throw new LumenError('UNSUPPORTED', OFF_HERE);
      if (state.state !== 'ready') throw new LumenError('UNAVAILABLE', 'No update is ready to install yet.');
      source.install();
      return {};
    }
  };
  return { handlers };
}
