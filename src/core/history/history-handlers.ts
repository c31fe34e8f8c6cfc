import type { CoreContext } from '../context';
import type { InvokeHandlers } from '../router';

const FORGOTTEN =
  'Everything Lumen remembered is forgotten: the history, the feedback you gave, the last pictures and answers, the conversation and the text read last.';

/**
 * The optional history, and "forget everything": each capability said what it holds (onForget);
 * all of it is dropped, then the kept record and its key are erased.
 */
export function historyHandlers(
  ctx: CoreContext,
  forgetAll: () => void
): Pick<InvokeHandlers, 'history.list' | 'history.forget'> {
  const { settings, history } = ctx;
  let keep = settings.get().privacy.history;
  settings.onChange((next) => {
    // Switching the history off erases it: nothing is kept that the user no longer wants kept.
    if (keep && !next.privacy.history) void history.forget();
    keep = next.privacy.history;
  });
  return {
    'history.list': () => ({ enabled: settings.get().privacy.history, entries: history.list() }),
    'history.forget': async () => {
      forgetAll();
      await history.forget();
      ctx.announce({ level: 'info', text: FORGOTTEN });
      return { forgotten: true as const };
    }
  };
}
