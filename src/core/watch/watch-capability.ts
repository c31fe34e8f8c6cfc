import { awayReason, type SystemAway } from '../live/away';
import { LumenError } from '../../shared/errors';
import type { WatchStatus } from '../../shared/contract';
import { NO_KEY } from '../assistant/assistant';
import { spokenError } from '../assistant/errors';
import { answerWithModels } from '../assistant/model-answer';
import type { CoreContext } from '../context';
import { jpegDataUrl } from '../imaging/prepare';
import { saysNothingNew, whatIsNew } from '../live/live-prompts';
import { isDenied } from '../privacy';
import type { InvokeHandlers } from '../router';
import type { ScreenService } from '../screen/screen-service';
import type { SpeechService } from '../speech/speech-service';
import { preparePicture } from '../vision/picture';
import { textLines } from './new-text';
import { ScreenWatch, type Described } from './screen-watch';
import { FIRST_CHANGE, WATCH_SYSTEM_PROMPT } from './watch-prompts';
import { spokenCost } from '../../shared/spoken-cost';

/** More watches than this at once would make a babble of remarks and share the text reader too thinly. */
export const MAX_WATCHES = 8;

export const deniedWatch = (match: string) =>
  `That window is on the deny list (${match}), so Lumen does not watch it. You can change the list in Settings.`;

/** The first "Region N" (or "Window N") not in use. */
function freeName(base: string, taken: Set<string>): string {
  for (let n = 1; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

/**
 * Watches of screen regions and windows: the page sends frames, each watch compares them here and
 * says what changed; several may run, each with its name, each stoppable. Nothing is written to disk.
 */
export function createWatch(
  ctx: CoreContext,
  { speech, screen, now = Date.now }: { speech: SpeechService; screen: ScreenService; now?: () => number }
) {
  const { settings, access, spending } = ctx;
  const watches = new Map<string, ScreenWatch>();
  let nextId = 1;

  const list = (): { watches: WatchStatus[] } => ({ watches: [...watches.values()].map((w) => w.status()) });
  const publish = () => {
    const current = list();
    ctx.emit('watch.state', current);
    return current;
  };

  /** Why a changed picture may not be sent now (no key, the monthly limit), or undefined. */
  const refusal = async () => {
    const endpoint = access.endpoint();
    if (!(await access.key(endpoint))) return (await access.whyNoKey(endpoint)) ?? NO_KEY;
    return spending.refusal();
  };

  const describe = async (image: Uint8Array, watch: ScreenWatch, lastSaid: string): Promise<Described> => {
    const refused = await refusal();
    if (refused) return { kind: 'held', message: refused };
    const { privacy, assistant } = settings.get();
    let costUsd = 0;
    try {
      const picture = await preparePicture(
        { image, windowName: watch.windowName || undefined, showsScreen: watch.area === 'region' },
        { privacy, detail: assistant.detail, shield: ctx.shield, guard: false, visibleWindows: screen.listWindows }
      );
      if (!picture.sent) return { kind: 'held', message: picture.message };
      const endpoint = access.endpoint();
      const { text } = await answerWithModels(ctx.models, {
        endpoint,
        key: (await access.key(endpoint)) ?? '',
        messages: [
          { role: 'system', content: WATCH_SYSTEM_PROMPT },
          {
            role: 'user',
            content: [
              { type: 'text', text: lastSaid ? whatIsNew(lastSaid) : FIRST_CHANGE },
              { type: 'image_url', image_url: { url: jpegDataUrl(picture.jpeg), detail: picture.detail } }
            ]
          }
        ],
        purpose: 'describe',
        thinkLonger: false,
        signal: watch.signal,
        fetchImpl: ctx.fetchImpl,
        onUsage: (used, model) => (costUsd += spending.chat(used, model)),
        onDelta: () => {},
        tell: (note) => speech.say(note, 'info')
      });
      const said = text.trim();
      return !said || saysNothingNew(said) ? { kind: 'nothing', costUsd } : { kind: 'said', text: said, costUsd };
    } catch (error) {
      const reason = error instanceof LumenError ? error.message : spokenError(error, false);
      return { kind: 'failed', message: `${reason} Lumen keeps reading the text of ${watch.name}.` };
    }
  };

  const deps = {
    read: async (image: Uint8Array) => textLines(await ctx.recognizer.recognize(image)),
    describe,
    remark: (watch: ScreenWatch, text: string, part: 'text' | 'description') => {
      // With several watches running, each remark says whose it is.
      const said = watches.size > 1 ? `${watch.name}: ${text}` : text;
      if (watches.get(watch.id) === watch) speech.speak(said, { kind: 'answer', slot: `watch-${watch.id}-${part}` });
      return said;
    },
    say: (text: string) => speech.say(text, 'info')
  };

  const stop = (id: string, why = '') => {
    const watch = watches.get(id);
    if (!watch) return list();
    watches.delete(id);
    watch.stop();
    const { pictures, costUsd } = watch.status();
    const sent = pictures
      ? ` ${pictures} ${pictures === 1 ? 'picture' : 'pictures'} described, ${spokenCost(costUsd)}.`
      : '';
    speech.say(`${why ? `${why} ` : ''}Stopped watching ${watch.name}.${sent}`, 'info');
    return publish();
  };

  const start = async ({
    name,
    area,
    windowName = '',
    describeChanges
  }: {
    name?: string;
    area: 'region' | 'window';
    windowName?: string;
    describeChanges: boolean;
  }): Promise<WatchStatus> => {
    const denied = isDenied(windowName, settings.get().privacy.denyList);
    if (denied.denied) throw new LumenError('FORBIDDEN', deniedWatch(denied.match!));
    if (watches.size >= MAX_WATCHES) {
      throw new LumenError('UNAVAILABLE', `Lumen watches at most ${MAX_WATCHES} areas at once. Stop one first.`);
    }
    const taken = new Set([...watches.values()].map((w) => w.name));
    const title = area === 'window' && windowName.trim() ? windowName.trim() : '';
    const wanted = name || title;
    const chosen =
      wanted && !taken.has(wanted) ? wanted : freeName(wanted || (area === 'region' ? 'Region' : 'Window'), taken);
    let describing = describeChanges;
    let note = '';
    if (describing) {
      const refused = await refusal();
      if (refused) {
        describing = false;
        note = ` ${refused} Changes are read offline, not described.`;
      }
    }
    const watch = new ScreenWatch(String(nextId++), chosen, area, windowName, describing, deps);
    watches.set(watch.id, watch);
    const how = describing ? 'reads new text and describes each change' : 'reads new text when it changes';
    speech.say(`Watching ${chosen}. Lumen ${how}.${note}`, 'info');
    publish();
    return watch.status();
  };

  const frame = async ({ id, image, windowName }: { id: string; image: Uint8Array; windowName?: string }) => {
    const watch = watches.get(id);
    if (!watch) throw new LumenError('UNAVAILABLE', 'That watch has stopped.');
    // A window renamed onto the deny list (a tab switched to a bank) is watched no longer.
    const denied = windowName ? isDenied(windowName, settings.get().privacy.denyList) : { denied: false };
    if (denied.denied) {
      stop(id, deniedWatch(denied.match!));
      return { result: 'same' as const, remarks: [] };
    }
    const outcome = await watch.frame(image, now());
    if (watches.get(id) === watch) publish();
    return outcome;
  };

  // At the monthly limit the watches go on reading offline; describing stops, and that is said once.
  spending.onLimitReached((refused) => {
    const describing = [...watches.values()].filter((w) => w.describeChanges);
    if (!describing.length) return;
    describing.forEach((w) => (w.describeChanges = false));
    speech.say(`${refused} Watched areas are read offline from now on, not described.`, 'info');
    publish();
  });
  ctx.onForget(() => [...watches.keys()].forEach((id) => stop(id)));

  const handlers: Pick<InvokeHandlers, 'watch.start' | 'watch.stop' | 'watch.list' | 'watch.frame'> = {
    'watch.start': start,
    'watch.stop': ({ id }) => stop(id),
    'watch.list': list,
    'watch.frame': frame
  };
  /** The screen locked or the computer sleeps: every watch stops, saying why. */
  const away = (why: SystemAway) => [...watches.keys()].forEach((id) => stop(id, awayReason(why)));
  return { handlers, stop, away };
}
