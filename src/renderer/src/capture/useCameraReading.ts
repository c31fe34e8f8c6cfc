import { useCallback, useEffect, useState } from 'react';
import type { DocumentStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { useCameraFeed } from './useCameraFeed';
import { useFramingTones } from './useFramingTones';

/** 12 pt print on a page filling most of the view needs a 1280 × 720 frame to be read. */
const PAGE_CAMERA = { width: 1280, height: 720 };
/** Frames a second: enough for cues to follow the page, few enough to cost little. */
const FRAMES_PER_SECOND = 4;

/**
 * Reading with the camera: the camera stays open and a frame goes to core four times a second; core
 * says how to move the page, takes it once it is framed and still, and reads it into the text reader.
 */
export function useCameraReading(settings: Settings | null) {
  const { announce } = useAnnouncer();
  const [status, setStatus] = useState<DocumentStatus>({ state: 'off' });
  useFramingTones(status, settings);

  const {
    open,
    close: closeCamera,
    active
  } = useCameraFeed({
    cameraId: settings?.capture.cameraId ?? '',
    camera: PAGE_CAMERA,
    frames: 'native',
    framesPerSecond: FRAMES_PER_SECOND,
    send: (image) => window.lumen.document.frame({ image }),
    endedMessage: 'The camera stopped, so reading with the camera stops.',
    onEnded: () => void stop()
  });

  // Core ends guiding itself (the page taken, no page for a while); the camera goes off with it.
  useEffect(
    () =>
      window.lumen.on('document.state', (next) => {
        setStatus((before) => {
          if (next.state === 'reading' && before.state !== 'reading') announce('Page taken. Reading it…');
          // Stopped while reading: core has said so, and nothing of the page was read.
          if (next.state === 'off' && before.state === 'reading' && !next.stopped)
            announce('Page read. The text reader moves through it.');
          return next;
        });
        if (next.state !== 'guiding') closeCamera();
      }),
    [announce, closeCamera]
  );

  const stop = useCallback(async () => {
    closeCamera();
    const result = await window.lumen.document.stop();
    if (!result.ok) announce(result.error.message, 'assertive');
  }, [announce, closeCamera]);

  const start = useCallback(async () => {
    if (active() || !(await open())) return;
    const started = await window.lumen.document.start();
    if (!started.ok) {
      closeCamera();
      announce(started.error.message, 'assertive');
    }
  }, [active, announce, closeCamera, open]);

  const running = status.state !== 'off';
  /** Stops at whatever step it is, the page being read included. */
  const toggle = useCallback(() => void (running ? stop() : start()), [running, start, stop]);
  return { status, running, toggle, stop };
}
