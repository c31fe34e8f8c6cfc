import { useCallback, useEffect, useRef } from 'react';
import { useAnnouncer } from '../announcer';
import { openCamera, type CameraSize } from './camera';
import { cameraFrames, type CameraFrames } from './camera-frames';
import type { FrameSize } from './frame-messages';
import { CaptureProblem } from './frames';

export interface CameraFeedOptions {
  cameraId: string;
  /** The size asked of the camera. */
  camera: CameraSize;
  /** The size each frame is sent at. */
  frames: FrameSize;
  framesPerSecond: number;
  /** Sends one frame to core. */
  send(image: Uint8Array): Promise<unknown>;
  /** Said when the camera stops by itself (unplugged, taken by another app), before `onEnded`. */
  endedMessage: string;
  onEnded(): void;
}

interface Feed {
  stream: MediaStream;
  frames: CameraFrames;
  timer: ReturnType<typeof setInterval>;
}

/**
 * A camera kept open while core looks at its frames (live description, reading with the camera): a
 * frame is taken (off the page's main thread where the browser allows) and sent on a timer; a frame
 * still on its way is not overtaken, so frames are dropped, never queued. Closed when the page closes.
 */
export function useCameraFeed(options: CameraFeedOptions) {
  const { announce } = useAnnouncer();
  // The newest options, for the timer and the camera's end, which outlive the render that opened them.
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const feed = useRef<Feed | null>(null);
  const opening = useRef(false);

  const close = useCallback(() => {
    const open = feed.current;
    feed.current = null;
    if (!open) return;
    clearInterval(open.timer);
    open.frames.close();
    open.stream.getTracks().forEach((t) => t.stop());
  }, []);
  useEffect(() => close, [close]);

  /** Opens the camera and starts sending; false (and said) when the camera cannot be used. */
  const open = useCallback(async (): Promise<boolean> => {
    if (feed.current || opening.current) return true;
    const { cameraId, camera, frames: size, framesPerSecond } = latest.current;
    let stream: MediaStream | undefined;
    let frames: CameraFrames;
    opening.current = true;
    try {
      ({ stream } = await openCamera(cameraId, camera));
      frames = await cameraFrames(stream, size);
    } catch (error) {
      stream?.getTracks().forEach((t) => t.stop());
      announce(error instanceof CaptureProblem ? error.message : String(error), 'assertive');
      return false;
    } finally {
      opening.current = false;
    }
    const opened = stream;
    let sending = false;
    const timer = setInterval(() => {
      if (sending) return;
      sending = true;
      void frames
        .take()
        .then((frame) => latest.current.send(frame.bytes))
        .catch(() => undefined)
        .finally(() => (sending = false));
    }, 1000 / framesPerSecond);
    feed.current = { stream: opened, frames, timer };
    opened.getVideoTracks()[0]?.addEventListener('ended', () => {
      // A camera closed here ends without telling; one that ends by itself is said once.
      if (feed.current?.stream !== opened) return;
      announce(latest.current.endedMessage, 'assertive');
      latest.current.onEnded();
    });
    return true;
  }, [announce]);

  /** True while the camera is open or opening. */
  const active = useCallback(() => feed.current !== null || opening.current, []);
  return { open, close, active };
}
