import type { Detail } from '../../../shared/image-size';

/** To the frame worker, once: the camera's frames and the detail they go at. */
export interface FrameStart {
  frames: ReadableStream<VideoFrame>;
  detail: Detail;
}

/** To the frame worker: the newest frame, please. */
export interface FrameRequest {
  id: number;
}

/** From the frame worker: the JPEG, or why there is none. */
export type FrameReply =
  { id: number; bytes: ArrayBuffer; width: number; height: number } | { id: number; error: string };
