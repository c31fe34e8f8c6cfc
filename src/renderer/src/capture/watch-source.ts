import { hostCapturesScreen } from '../host-info';
import { nativeFrame, videoFrom, type Frame } from './frames';
import { toPixels, type Region } from './region';
import { hostScreenshot, openDisplayStream } from './screen';

/** Frames a second a watched area is looked at: enough for a dialog or a chat, cheap for the machine. */
export const WATCH_FRAMES_PER_SECOND = 2;

export interface WatchSource {
  /** The screen's or window's name as the system gives it (for the deny list and the watch's name). */
  name: string;
  /** The whole capture as it is now, to choose a region in. */
  still(): Promise<ImageBitmap>;
  /**
   * The watched part (fractions of the capture) at its own size, losslessly where it fits. Fails
   * with a `CaptureGone` saying so when the watched window or screen is gone.
   */
  frame(region: Region): Promise<{ frame: Frame; windowName: string }>;
  /** Calls `listener` when the capture ends by itself (sharing stopped from the browser). */
  onEnded(listener: () => void): void;
  close(): void;
}

/**
 * What a watch looks at. In a browser, the screen or window the user shares stays shared while the
 * watch runs; where the host takes screenshots (the desktop app), it takes one of the same screen or
 * window for each frame, even once another window is in front.
 */
export async function openWatchSource(target: 'screen' | 'window'): Promise<WatchSource> {
  if (await hostCapturesScreen()) {
    const first = await hostScreenshot(target);
    let name = first.name;
    return {
      name,
      still: async () => first.bitmap,
      frame: async (region) => {
        const shot = await hostScreenshot(target, first.sourceId);
        name = shot.name;
        const { bitmap } = shot;
        const frame = await nativeFrame(
          bitmap,
          bitmap.width,
          bitmap.height,
          toPixels(region, bitmap.width, bitmap.height)
        );
        bitmap.close();
        return { frame, windowName: name };
      },
      onEnded: () => {},
      close: () => first.bitmap.close()
    };
  }
  const stream = await openDisplayStream();
  const track = stream.getVideoTracks()[0];
  const name = track?.label ?? '';
  let video: HTMLVideoElement;
  try {
    video = await videoFrom(stream);
  } catch (error) {
    stream.getTracks().forEach((t) => t.stop());
    throw error;
  }
  const crop = (region: Region) => toPixels(region, video.videoWidth, video.videoHeight);
  return {
    name,
    still: () => createImageBitmap(video),
    frame: async (region) => ({
      frame: await nativeFrame(video, video.videoWidth, video.videoHeight, crop(region)),
      windowName: name
    }),
    onEnded: (listener) => track?.addEventListener('ended', listener),
    close: () => stream.getTracks().forEach((t) => t.stop())
  };
}
