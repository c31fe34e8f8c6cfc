import type { Detail } from '../../../shared/image-size';

/** The size frames are taken at: the upload size for a detail, or the camera's own ('native'). */
export type FrameSize = Detail | 'native';

/** To the frame worker, once: the camera's frames and the size they go at. */
export interface FrameStart {
  frames: ReadableStream<VideoFrame>;
  size: FrameSize;
}

/** To the frame worker: the newest frame, please. */
export interface FrameRequest {
  id: number;
}

/** From the frame worker: the JPEG, or why there is none. */
export type FrameReply =
  { id: number; bytes: ArrayBuffer; width: number; height: number } | { id: number; error: string };
