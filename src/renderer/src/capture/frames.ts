/** Spoken when capturing fails: what went wrong and what to do. */
export class CaptureProblem extends Error {}

/** What was captured before (a watched window) is no longer there; trying again will not help. */
export class CaptureGone extends CaptureProblem {}

export interface Frame {
  bytes: Uint8Array;
  width: number;
  height: number;
}

import type { Detail } from '../../../shared/image-size';
import { uploadSize } from '../../../shared/image-size';
import { MAX_PICTURE_BYTES } from '../../../shared/wire';

type Crop = { x: number; y: number; width: number; height: number };

/** Part of a source (in its own pixels) drawn at width × height, then encoded as a still picture. */
async function drawFrame(
  source: CanvasImageSource,
  crop: Crop,
  size: { width: number; height: number },
  type: 'image/jpeg' | 'image/png'
): Promise<Frame> {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const context = canvas.getContext('2d');
  if (!context) throw new CaptureProblem('Lumen could not prepare the picture.');
  context.drawImage(source, crop.x, crop.y, crop.width, crop.height, 0, 0, size.width, size.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, type, 0.92));
  if (!blob) throw new CaptureProblem('Lumen could not encode the picture.');
  return { bytes: new Uint8Array(await blob.arrayBuffer()), width: size.width, height: size.height };
}

/**
 * Draws a source (or part of it, in its own pixels) at the size core will send for this detail
 * setting: scaling a 4K screen here, on the GPU, is far cheaper than encoding it whole and scaling
 * it in core, and nothing the model would see is lost.
 */
export async function frameFrom(
  source: CanvasImageSource,
  width: number,
  height: number,
  detail: Detail,
  crop: Crop = { x: 0, y: 0, width, height }
): Promise<Frame> {
  return drawFrame(source, crop, uploadSize(crop.width, crop.height, detail), 'image/jpeg');
}

/** A camera frame at its own size as a fine JPEG: a page's small print must survive, at a camera's pace. */
export function cameraFrame(source: CanvasImageSource, width: number, height: number): Promise<Frame> {
  return drawFrame(source, { x: 0, y: 0, width, height }, { width, height }, 'image/jpeg');
}

/**
 * The longest edge a screen or window capture is sent at, from this display's size in device pixels:
 * any window on it fits the same box, turned either way.
 */
export function uploadEdge(detail: Detail): number {
  const ratio = window.devicePixelRatio || 1;
  const size = uploadSize(Math.round(screen.width * ratio), Math.round(screen.height * ratio), detail);
  return Math.max(size.width, size.height);
}

/** Plays a stream in a detached video element until a frame is there, then returns it. */
export async function videoFrom(stream: MediaStream): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('resize', resolve, { once: true }));
  return video;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new CaptureProblem(message)), ms))
  ]);
}

/**
 * The picture (or part of it, in its own pixels) at its own size, losslessly: small screen text must
 * survive for text reading. A picture that is too large that way for the web host's socket (a 4K
 * screen full of photographs can be) goes as a fine JPEG, at its own size while that fits, else a
 * little smaller until it does: text stays readable, and the socket is never closed on it.
 */
export async function nativeFrame(
  source: CanvasImageSource,
  width: number,
  height: number,
  crop: Crop = { x: 0, y: 0, width, height }
): Promise<Frame> {
  const png = await drawFrame(source, crop, crop, 'image/png');
  if (png.bytes.byteLength <= MAX_PICTURE_BYTES) return png;
  let size = { width: crop.width, height: crop.height };
  for (let attempt = 0; ; attempt++) {
    const jpeg = await drawFrame(source, crop, size, 'image/jpeg');
    if (jpeg.bytes.byteLength <= MAX_PICTURE_BYTES) return jpeg;
    if (attempt === 5) throw new CaptureProblem('The picture is too large to send to Lumen.');
    // JPEG size follows the pixel count: shrink both sides by the square root, with room to spare.
    const scale = 0.9 * Math.sqrt(MAX_PICTURE_BYTES / jpeg.bytes.byteLength);
    size = { width: Math.max(1, Math.floor(size.width * scale)), height: Math.max(1, Math.floor(size.height * scale)) };
  }
}
