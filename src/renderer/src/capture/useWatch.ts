import { useCallback, useEffect, useRef, useState } from 'react';
import type { WatchStatus } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';
import { CaptureGone, CaptureProblem } from './frames';
import { WHOLE, type Region } from './region';
import { openWatchSource, WATCH_FRAMES_PER_SECOND, type WatchSource } from './watch-source';

interface Session {
  source: WatchSource;
  timer: ReturnType<typeof setInterval>;
}

/** A region being chosen: the capture stays open until the user picks or cancels. */
interface Choosing {
  source: WatchSource;
  bitmap: ImageBitmap;
}

export interface WatchOptions {
  /** The name the user gave, or '' for Lumen's ("Region 1", the window's title). */
  name: string;
  describeChanges: boolean;
}

const problem = (error: unknown) =>
  error instanceof CaptureProblem ? error.message : 'Lumen could not capture the screen. Please try again.';

/**
 * Watches of screen regions and windows: the page keeps each capture open and sends a frame of the
 * watched part every half second; core compares them and says what changed. Core's list of watches
 * is the one shown; a watch core ends (a window renamed onto the deny list) closes its capture here.
 */
export function useWatch() {
  const { announce } = useAnnouncer();
  const [watches, setWatches] = useState<WatchStatus[]>([]);
  const [choosing, setChoosing] = useState<Choosing | null>(null);
  const pending = useRef<WatchOptions>({ name: '', describeChanges: false });
  const sessions = useRef(new Map<string, Session>());
  // A second press while the screen is still being opened would open a second capture and lose the first.
  const opening = useRef(false);

  const close = useCallback((id: string) => {
    const session = sessions.current.get(id);
    sessions.current.delete(id);
    if (!session) return;
    clearInterval(session.timer);
    session.source.close();
  }, []);

  useEffect(() => {
    const open = sessions.current;
    const update = (list: WatchStatus[]) => {
      setWatches(list);
      for (const id of [...open.keys()]) if (!list.some((w) => w.id === id)) close(id);
    };
    void window.lumen.watch.list().then((r) => r.ok && setWatches(r.value.watches));
    const off = window.lumen.on('watch.state', ({ watches }) => update(watches));
    return () => {
      off();
      for (const id of [...open.keys()]) close(id);
    };
  }, [close]);

  const stop = useCallback(
    async (id: string) => {
      close(id);
      const result = await window.lumen.watch.stop({ id });
      if (!result.ok) announce(result.error.message, 'assertive');
    },
    [announce, close]
  );

  /** Starts the watch in core, then sends it a frame of `region` every half second. */
  const begin = useCallback(
    async (source: WatchSource, area: 'region' | 'window', region: Region) => {
      const { name, describeChanges } = pending.current;
      const started = await window.lumen.watch.start({
        area,
        windowName: source.name || undefined,
        describeChanges,
        ...(name.trim() ? { name: name.trim() } : {})
      });
      if (!started.ok) {
        source.close();
        return announce(started.error.message, 'assertive');
      }
      const { id, name: named } = started.value;
      let sending = false;
      const timer = setInterval(() => {
        // A frame still on its way is not overtaken: frames are dropped, never queued.
        if (sending) return;
        sending = true;
        void source
          .frame(region)
          .then(({ frame, windowName }) =>
            window.lumen.watch.frame({ id, image: frame.bytes, windowName: windowName || undefined })
          )
          .catch((error: unknown) => {
            // The watched window closed (the desktop app follows it by id): said once, and the watch ends.
            // Other failures pass: the next frame, half a second later, tries again.
            if (!(error instanceof CaptureGone) || !sessions.current.has(id)) return;
            announce(`${error.message} Lumen stops watching ${named}.`, 'assertive');
            void stop(id);
          })
          .finally(() => (sending = false));
      }, 1000 / WATCH_FRAMES_PER_SECOND);
      sessions.current.set(id, { source, timer });
      source.onEnded(() => {
        if (!sessions.current.has(id)) return;
        announce(`Screen sharing ended, so Lumen stops watching ${named}.`, 'assertive');
        void stop(id);
      });
    },
    [announce, stop]
  );

  const watchWindow = useCallback(
    async (options: WatchOptions) => {
      if (opening.current) return;
      opening.current = true;
      pending.current = options;
      try {
        await begin(await openWatchSource('window'), 'window', WHOLE);
      } catch (error) {
        announce(problem(error), 'assertive');
      } finally {
        opening.current = false;
      }
    },
    [announce, begin]
  );

  const watchRegion = useCallback(
    async (options: WatchOptions) => {
      if (opening.current) return;
      opening.current = true;
      pending.current = options;
      let source: WatchSource | undefined;
      try {
        source = await openWatchSource('screen');
        setChoosing({ source, bitmap: await source.still() });
      } catch (error) {
        source?.close();
        announce(problem(error), 'assertive');
      } finally {
        opening.current = false;
      }
    },
    [announce]
  );

  const chooseRegion = useCallback(
    (region: Region) => {
      if (!choosing) return;
      setChoosing(null);
      void begin(choosing.source, 'region', region);
    },
    [begin, choosing]
  );

  const cancelRegion = useCallback(() => {
    choosing?.source.close();
    setChoosing(null);
    announce('Region choice cancelled; nothing is watched.');
  }, [announce, choosing]);

  return { watches, watchWindow, watchRegion, stop, regionShot: choosing?.bitmap ?? null, chooseRegion, cancelRegion };
}
