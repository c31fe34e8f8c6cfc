import { useCallback, useEffect, useRef, useState } from 'react';
import type { LiveStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { openCamera } from './camera';
import { cameraFrames, type CameraFrames } from './camera-frames';
import { CaptureProblem } from './frames';

/**
 * Live sends small frames ('low' detail, at most 512 pixels across): the camera is asked for little
 * more, so a 4K camera's frames are scaled down by the browser's capture, not drawn whole on this page.
 */
const LIVE_CAMERA = { width: 640 };

interface Session {
  stream: MediaStream;
  frames: CameraFrames;
  timer: ReturnType<typeof setInterval>;
}

/**
 * Live description: the camera stays open and a small frame goes to core every 1/fps seconds; core
 * decides what is worth a word and says it. The page only keeps the camera and shows the counts.
 */
export function useLive(settings: Settings | null) {
  const { announce } = useAnnouncer();
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const session = useRef<Session | null>(null);
  const opening = useRef(false);

  const closeCamera = useCallback(() => {
    const open = session.current;
    session.current = null;
    if (!open) return;
    clearInterval(open.timer);
    open.frames.close();
    open.stream.getTracks().forEach((t) => t.stop());
  }, []);

  // Core ends live itself (limits, a quiet time, no key); the camera goes off with it.
  useEffect(
    () =>
      window.lumen.on('live.state', (next) => {
        setStatus(next);
        if (!next.running) closeCamera();
      }),
    [closeCamera]
  );
  useEffect(() => closeCamera, [closeCamera]);

  const stop = useCallback(async () => {
    closeCamera();
    const result = await window.lumen.live.stop();
    if (!result.ok) announce(result.error.message, 'assertive');
  }, [announce, closeCamera]);

  /** Opens the camera and sends it frames; false (and said) when the camera cannot be used. */
  const feed = useCallback(async (): Promise<boolean> => {
    if (session.current || opening.current) return true;
    let stream: MediaStream;
    opening.current = true;
    try {
      ({ stream } = await openCamera(settings?.capture.cameraId ?? '', LIVE_CAMERA));
    } catch (error) {
      announce(error instanceof CaptureProblem ? error.message : String(error), 'assertive');
      return false;
    } finally {
      opening.current = false;
    }
    const frames = await cameraFrames(stream, 'low');
    let sending = false;
    const timer = setInterval(
      () => {
        // A frame still on its way is not overtaken: frames are dropped, never queued.
        if (sending) return;
        sending = true;
        void frames
          .take()
          .then((frame) => window.lumen.live.frame({ image: frame.bytes }))
          .catch(() => undefined)
          .finally(() => (sending = false));
      },
      1000 / (settings?.live.framesPerSecond ?? 2)
    );
    session.current = { stream, frames, timer };
    // Unplugged or taken by another app: said once, and live stops.
    stream.getVideoTracks()[0]?.addEventListener('ended', () => {
      announce('The camera stopped, so live description stops.', 'assertive');
      void stop();
    });
    return true;
  }, [announce, settings, stop]);

  const start = useCallback(async () => {
    if (session.current) return;
    if (!(await feed())) return;
    const started = await window.lumen.live.start();
    if (!started.ok) {
      closeCamera();
      announce(started.error.message, 'assertive');
    }
  }, [announce, closeCamera, feed]);

  // Started elsewhere (the conversation's "keep describing"): the camera opens here all the same.
  useEffect(() => {
    if (status?.running && !session.current) {
      void feed().then((ok) => {
        if (!ok) void window.lumen.live.stop();
      });
    }
  }, [status?.running, feed]);

  const running = status?.running ?? false;
  const toggle = useCallback(() => void (running ? stop() : start()), [running, start, stop]);
  return { status, running, toggle };
}
