import { useCallback, useEffect, useState } from 'react';
import type { LiveStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { useCameraFeed } from './useCameraFeed';

/**
 * Live sends small frames ('low' detail, at most 512 pixels across): the camera is asked for little
 * more, so a 4K camera's frames are scaled down by the browser's capture, not drawn whole on this page.
 */
const LIVE_CAMERA = { width: 640 };

/**
 * Live description: the camera stays open and a small frame goes to core every 1/fps seconds; core
 * decides what is worth a word and says it. The page only keeps the camera and shows the counts.
 */
export function useLive(settings: Settings | null) {
  const { announce } = useAnnouncer();
  const [status, setStatus] = useState<LiveStatus | null>(null);

  const {
    open: feed,
    close: closeCamera,
    active: cameraActive
  } = useCameraFeed({
    cameraId: settings?.capture.cameraId ?? '',
    camera: LIVE_CAMERA,
    frames: 'low',
    framesPerSecond: settings?.live.framesPerSecond ?? 2,
    send: (image) => window.lumen.live.frame({ image }),
    endedMessage: 'The camera stopped, so live description stops.',
    onEnded: () => void stop()
  });

  // Core ends live itself (limits, a quiet time, no key); the camera goes off with it.
  useEffect(
    () =>
      window.lumen.on('live.state', (next) => {
        setStatus(next);
        if (!next.running) closeCamera();
      }),
    [closeCamera]
  );

  const stop = useCallback(async () => {
    closeCamera();
    const result = await window.lumen.live.stop();
    if (!result.ok) announce(result.error.message, 'assertive');
  }, [announce, closeCamera]);

  const start = useCallback(async () => {
    if (cameraActive()) return;
    if (!(await feed())) return;
    const started = await window.lumen.live.start();
    if (!started.ok) {
      closeCamera();
      announce(started.error.message, 'assertive');
    }
  }, [announce, cameraActive, closeCamera, feed]);

  // Started elsewhere (the conversation's "keep describing"): the camera opens here all the same.
  useEffect(() => {
    if (status?.running && !cameraActive()) {
      void feed().then((ok) => {
        if (!ok) void window.lumen.live.stop();
      });
    }
  }, [status?.running, cameraActive, feed]);

  const running = status?.running ?? false;
  const toggle = useCallback(() => void (running ? stop() : start()), [running, start, stop]);
  return { status, running, toggle };
}
