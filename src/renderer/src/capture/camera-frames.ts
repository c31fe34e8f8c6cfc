import workerUrl from './frame.worker.ts?worker&url';
import type { FrameReply, FrameSize, FrameStart } from './frame-messages';
import { cameraFrame, CaptureProblem, frameFrom, videoFrom, type Frame } from './frames';

/** Chromium's reader of a track's frames (Electron has it; the DOM library does not describe it yet). */
declare const MediaStreamTrackProcessor:
  | (new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> })
  | undefined;

/** A camera's newest frame, on request, at the upload size for its detail (or its own size), as a JPEG. */
export interface CameraFrames {
  take(): Promise<Frame>;
  close(): void;
}

/**
 * The camera's frames are scaled and encoded in a worker where the browser can hand it the track's
 * frames (MediaStreamTrackProcessor): the page's main thread stays free for the window and the screen
 * reader, whatever the camera's size. Elsewhere, drawn on this page as before.
 */
export async function cameraFrames(stream: MediaStream, size: FrameSize): Promise<CameraFrames> {
  const track = stream.getVideoTracks()[0];
  if (track && typeof MediaStreamTrackProcessor === 'function' && typeof OffscreenCanvas === 'function') {
    return workerFrames(stream, new MediaStreamTrackProcessor({ track, maxBufferSize: 1 }).readable, size);
  }
  return pageFrames(stream, size);
}

async function pageFrames(stream: MediaStream, size: FrameSize): Promise<CameraFrames> {
  const video = await videoFrom(stream);
  const take = () =>
    size === 'native'
      ? cameraFrame(video, video.videoWidth, video.videoHeight)
      : frameFrom(video, video.videoWidth, video.videoHeight, size);
  return { take, close: () => {} };
}

function workerFrames(stream: MediaStream, frames: ReadableStream<VideoFrame>, size: FrameSize): CameraFrames {
  const worker = new Worker(workerUrl);
  const pending = new Map<number, { resolve: (frame: Frame) => void; reject: (error: Error) => void }>();
  let next = 0;
  // A worker that fails (not loaded, or crashed) would leave live waiting in silence: the page draws instead.
  let onPage: Promise<CameraFrames> | null = null;
  worker.onerror = () => {
    onPage ??= pageFrames(stream, size);
    pending.forEach(({ reject }) => reject(new CaptureProblem('Lumen could not prepare the picture.')));
    pending.clear();
  };
  worker.onmessage = ({ data: reply }: MessageEvent<FrameReply>) => {
    const asked = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) asked?.reject(new CaptureProblem(reply.error));
    else asked?.resolve({ bytes: new Uint8Array(reply.bytes), width: reply.width, height: reply.height });
  };
  const start: FrameStart = { frames, size };
  worker.postMessage(start, [frames]);
  return {
    take: () =>
      onPage?.then((page) => page.take()) ??
      new Promise<Frame>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ id });
      }),
    close: () => {
      worker.terminate();
      pending.forEach(({ reject }) => reject(new CaptureProblem('The camera was closed.')));
      pending.clear();
    }
  };
}
