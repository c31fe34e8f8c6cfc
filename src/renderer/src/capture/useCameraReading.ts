import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { openCamera } from './camera';
import { cameraFrame, CaptureProblem, videoFrom } from './frames';

/** 12 pt print on a page filling most of the view needs a 1280 × 720 frame to be read. */
const PAGE_CAMERA = { width: 1280, height: 720 };
/** Frames a second: enough for cues to follow the page, few enough to cost little. */
const FRAMES_PER_SECOND = 4;

interface Session {
  stream: MediaStream;
  timer: ReturnType<typeof setInterval>;
}

/**
 * Reading with the camera: the camera stays open and a frame goes to core four times a second; core
 * says how to move the page, takes it once it is framed and still, and reads it into the text reader.
 */
export function useCameraReading(settings: Settings | null) {
  const { announce } = useAnnouncer();
  const [status, setStatus] = useState<DocumentStatus>({ state: 'off' });
  const session = useRef<Session | null>(null);
  const opening = useRef(false);

  const closeCamera = useCallback(() => {
    const open = session.current;
    session.current = null;
    if (!open) return;
    clearInterval(open.timer);
    open.stream.getTracks().forEach((t) => t.stop());
  }, []);

  // Core ends guiding itself (the page taken, no page for a while); the camera goes off with it.
  useEffect(
    () =>
      window.lumen.on('document.state', (next) => {
        setStatus((before) => {
          if (next.state === 'reading' && before.state !== 'reading') announce('Page taken. Reading it…');
          if (next.state === 'off' && before.state === 'reading')
            announce('Page read. The text reader moves through it.');
          return next;
        });
        if (next.state !== 'guiding') closeCamera();
      }),
    [announce, closeCamera]
  );
  useEffect(() => closeCamera, [closeCamera]);

  const stop = useCallback(async () => {
    closeCamera();
    const result = await window.lumen.document.stop();
    if (!result.ok) announce(result.error.message, 'assertive');
  }, [announce, closeCamera]);

  const start = useCallback(async () => {
    if (session.current || opening.current) return;
    let stream: MediaStream;
    opening.current = true;
    try {
      ({ stream } = await openCamera(settings?.capture.cameraId ?? '', PAGE_CAMERA));
    } catch (error) {
      announce(error instanceof CaptureProblem ? error.message : String(error), 'assertive');
      return;
    } finally {
      opening.current = false;
    }
    const started = await window.lumen.document.start();
    if (!started.ok) {
      stream.getTracks().forEach((t) => t.stop());
      return announce(started.error.message, 'assertive');
    }
    const video = await videoFrom(stream);
    let sending = false;
    const timer = setInterval(() => {
      // A frame still on its way is not overtaken: frames are dropped, never queued.
      if (sending) return;
      sending = true;
      void cameraFrame(video, video.videoWidth, video.videoHeight)
        .then((frame) => window.lumen.document.frame({ image: frame.bytes }))
        .catch(() => undefined)
        .finally(() => (sending = false));
    }, 1000 / FRAMES_PER_SECOND);
    session.current = { stream, timer };
    stream.getVideoTracks()[0]?.addEventListener('ended', () => {
      announce('The camera stopped, so reading with the camera stops.', 'assertive');
      void stop();
    });
  }, [announce, settings, stop]);

  const running = status.state !== 'off';
  const toggle = useCallback(() => {
    if (status.state === 'reading') return announce('Lumen is still reading the page. Please wait.');
    void (status.state === 'guiding' ? stop() : start());
  }, [announce, status.state, start, stop]);
  return { status, running, toggle };
}
