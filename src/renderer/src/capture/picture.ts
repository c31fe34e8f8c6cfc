import type { Settings } from '../../../shared/settings';
import { captureCamera } from './camera';
import { frameFrom, uploadEdge, type Frame } from './frames';
import { captureScreen } from './screen';

export interface Picture {
  frame: Frame;
  /** The captured window's or screen's name, for the deny list. */
  windowName?: string;
  /** The camera chosen in Settings was not there, so the default one was used. */
  usedDefault?: boolean;
}

/**
 * A picture of the camera, the screen or a window, taken by the page at the size it is sent: the
 * one way every command (describe, the conversation's "show" and "look") takes it.
 */
export async function takePicture(source: 'camera' | 'screen' | 'window', settings: Settings | null): Promise<Picture> {
  const detail = settings?.assistant.detail ?? 'auto';
  if (source === 'camera') {
    const shot = await captureCamera(settings?.capture.cameraId ?? '', detail);
    return { frame: shot, usedDefault: shot.usedDefault };
  }
  return captureScreen(
    source,
    async (image, width, height, name) => ({
      frame: await frameFrom(image, width, height, detail),
      windowName: name || undefined
    }),
    uploadEdge(detail)
  );
}
