import { hostCapturesScreen } from '../host-info';
import { CaptureGone, CaptureProblem, videoFrom, withTimeout } from './frames';

/**
 * The host takes the screenshot where it can (Electron's desktopCapturer); where it cannot (the web
 * host), the page asks the browser with getDisplayMedia, which may show its own picker first.
 */
export async function captureScreen<T>(
  target: 'screen' | 'window',
  /**
   * Gets the captured picture while it is live (scaling the video frame directly is the cheap path),
   * with the screen's or window's name as the system gives it.
   */
  take: (source: CanvasImageSource, width: number, height: number, name: string) => Promise<T>,
  /**
   * The longest edge the picture needs. The browser's capturer then scales the screen as it grabs
   * it, so a 4K frame never has to be copied into the page only to be shrunk there.
   */
  maxEdge?: number
): Promise<T> {
  if (await hostCapturesScreen()) {
    const { bitmap, name } = await hostScreenshot(target);
    return take(bitmap, bitmap.width, bitmap.height, name);
  }
  const stream = await openDisplayStream(maxEdge);
  try {
    const video = await videoFrom(stream);
    return await take(video, video.videoWidth, video.videoHeight, stream.getVideoTracks()[0]?.label ?? '');
  } finally {
    stream.getTracks().forEach((t) => t.stop());
  }
}

/**
 * A screenshot the host took itself (the desktop app), with the screen's or window's name and the id
 * that takes the same one again (`sourceId`).
 */
export async function hostScreenshot(
  target: 'screen' | 'window',
  sourceId?: string
): Promise<{ bitmap: ImageBitmap; name: string; sourceId?: string }> {
  const host = await window.lumen.screen.capture({ target, ...(sourceId ? { sourceId } : {}) });
  if (!host.ok) {
    throw host.error.code === 'GONE' ? new CaptureGone(host.error.message) : new CaptureProblem(host.error.message);
  }
  const bitmap = await createImageBitmap(new Blob([host.value.image as Uint8Array<ArrayBuffer>]));
  return { bitmap, name: host.value.name, sourceId: host.value.sourceId };
}

/**
 * The browser's screen capture (it may show its own picker first), open until its tracks are stopped.
 * Without `maxEdge`, at the screen's own size.
 */
export async function openDisplayStream(maxEdge?: number): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getDisplayMedia) throw new CaptureProblem('This browser cannot capture the screen.');
  try {
    return await withTimeout(
      navigator.mediaDevices.getDisplayMedia({
        video: maxEdge ? { width: { max: maxEdge }, height: { max: maxEdge } } : true,
        audio: false
      }),
      60_000,
      'No screen was chosen in time.'
    );
  } catch (error) {
    if (error instanceof CaptureProblem) throw error;
    throw new CaptureProblem(
      error instanceof DOMException && error.name === 'NotAllowedError'
        ? 'Screen capture was cancelled or not allowed.'
        : 'Lumen could not capture the screen.'
    );
  }
}
