import type { Detail } from '../../../shared/image-size';
import { CaptureProblem, frameFrom, videoFrom, type Frame } from './frames';

const PROBLEMS: Record<string, string> = {
  NotAllowedError:
    'Lumen is not allowed to use the camera. Allow camera access for Lumen in your system’s privacy settings, then try again.',
  SecurityError: 'Lumen is not allowed to use the camera here.',
  NotFoundError: 'No camera was found. Connect a camera and try again.',
  NotReadableError: 'The camera is busy or not working. Close other apps that use it, then try again.',
  AbortError: 'The camera stopped before Lumen could take a picture. Please try again.'
};

function problem(error: unknown): CaptureProblem {
  const name = error instanceof DOMException ? error.name : '';
  return new CaptureProblem(PROBLEMS[name] ?? 'Lumen could not take a picture with the camera. Please try again.');
}

/** The size asked of the camera: ideal width, and height (none keeps the camera's own shape). */
export interface CameraSize {
  width: number;
  height?: number;
}

/** A picture to describe: sharp enough for small print. */
const PHOTO: CameraSize = { width: 1920, height: 1080 };

const constraints = (deviceId: string, size: CameraSize): MediaStreamConstraints => ({
  audio: false,
  video: {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    width: { ideal: size.width },
    ...(size.height ? { height: { ideal: size.height } } : {})
  }
});

export interface CameraShot extends Frame {
  /** The chosen camera was not there, so the default one took the picture. */
  usedDefault: boolean;
}

/**
 * The chosen camera's stream (or the default one's, if the chosen one is gone), at about `size`: the
 * browser scales a larger camera's frames down before the page sees them.
 */
export async function openCamera(
  deviceId: string,
  size: CameraSize = PHOTO
): Promise<{ stream: MediaStream; usedDefault: boolean }> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CaptureProblem('This window cannot use a camera.');
  try {
    return { stream: await navigator.mediaDevices.getUserMedia(constraints(deviceId, size)), usedDefault: false };
  } catch (error) {
    const gone =
      error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError');
    if (!deviceId || !gone) throw problem(error);
    const stream = await navigator.mediaDevices.getUserMedia(constraints('', size)).catch((e: unknown) => {
      throw problem(e);
    });
    return { stream, usedDefault: true };
  }
}

/** One picture from the chosen camera (or the default one if it is gone). The camera is off again afterwards. */
export async function captureCamera(deviceId: string, detail: Detail): Promise<CameraShot> {
  const { stream, usedDefault } = await openCamera(deviceId);
  try {
    const video = await videoFrom(stream);
    return { ...(await frameFrom(video, video.videoWidth, video.videoHeight, detail)), usedDefault };
  } catch (error) {
    throw error instanceof CaptureProblem ? error : problem(error);
  } finally {
    stream.getTracks().forEach((t) => t.stop());
  }
}

export async function listCameras(): Promise<Array<{ id: string; label: string }>> {
  const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []);
  return (devices ?? [])
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ id: d.deviceId, label: d.label || `Camera ${i + 1}` }));
}
