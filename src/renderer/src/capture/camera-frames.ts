import type { Detail } from '../../../shared/image-size';
import workerUrl from './frame.worker.ts?worker&url';
import type { FrameReply, FrameStart } from './frame-messages';
import { CaptureProblem, frameFrom, videoFrom, type Frame } from './frames';

/** Chromium's reader of a track's frames (Electron has it; the DOM library does not describe it yet). */
declare const MediaStreamTrackProcessor:
  | (new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<VideoFrame> })
  | undefined;

/** A camera's newest frame, on request, at the upload size for its detail, as a JPEG. */
export interface CameraFrames {
  take(): Promise<Frame>;
  close(): void;
}

/**
 * The camera's frames are scaled and encoded in a worker where the browser can hand it the track's
 * frames (MediaStreamTrackProcessor): the page's main thread stays free for the window and the screen
 * reader, whatever the camera's size. Elsewhere, drawn on this page as before.
 */
export async function cameraFrames(stream: MediaStream, detail: Detail): Promise<CameraFrames> {
  const track = stream.getVideoTracks()[0];
  if (track && typeof MediaStreamTrackProcessor === 'function' && typeof OffscreenCanvas === 'function') {
    return workerFrames(stream, new MediaStreamTrackProcessor({ track, maxBufferSize: 1 }).readable, detail);
  }
  return pageFrames(stream, detail);
}

async function pageFrames(stream: MediaStream, detail: Detail): Promise<CameraFrames> {
  const video = await videoFrom(stream);
  return { take: () => frameFrom(video, video.videoWidth, video.videoHeight, detail), close: () => {} };
}

function workerFrames(stream: MediaStream, frames: ReadableStream<VideoFrame>, detail: Detail): CameraFrames {
  const worker = new Worker(workerUrl);
  const pending = new Map<number, { resolve: (frame: Frame) => void; reject: (error: Error) => void }>();
  let next = 0;
  // A worker that fails (not loaded, or crashed) would leave live waiting in silence: the page draws instead.
  let onPage: Promise<CameraFrames> | null = null;
  worker.onerror = () => {
    onPage ??= pageFrames(stream, detail);
    pending.forEach(({ reject }) => reject(new CaptureProblem('Lumen could not prepare the picture.')));
    pending.clear();
  };
  worker.onmessage = ({ data: reply }: MessageEvent<FrameReply>) => {
    const asked = pending.get(reply.id);
    pending.delete(reply.id);
    if ('error' in reply) asked?.reject(new CaptureProblem(reply.error));
    else asked?.resolve({ bytes: new Uint8Array(reply.bytes), width: reply.width, height: reply.height });
  };
  const start: FrameStart = { frames, detail };
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
