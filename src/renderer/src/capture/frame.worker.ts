/**
 * Frames of a camera, taken off the page's main thread: the track's frames are read here as they
 * come (only the newest kept), and one is scaled to the upload size (or kept at the camera's own, for
 * reading a page) and encoded as a JPEG when asked.
 * A 4K camera's frame drawn on the page took it ~70 ms a frame without a GPU; here it costs the page nothing.
 */
import type { FrameRequest, FrameReply, FrameStart } from './frame-messages';
import { uploadSize } from '../../../shared/image-size';

let newest: VideoFrame | null = null;
let ended = false;
/** Asked for before the camera's first frame came: answered with it. */
let waiting: Array<() => void> = [];

async function read(frames: ReadableStream<VideoFrame>) {
  const reader = frames.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      newest?.close();
      newest = value;
      waiting.forEach((wake) => wake());
      waiting = [];
    }
  } finally {
    // An ended camera's last frame is not sent as if it were still looking.
    newest?.close();
    newest = null;
    ended = true;
    waiting.forEach((wake) => wake());
    waiting = [];
  }
}

async function encode({ size: wanted }: FrameStart, id: number): Promise<FrameReply> {
  if (!newest && !ended) await new Promise<void>((wake) => waiting.push(wake));
  const frame = newest;
  if (!frame) return { id, error: 'The camera stopped.' };
  const size =
    wanted === 'native'
      ? { width: frame.displayWidth, height: frame.displayHeight }
      : uploadSize(frame.displayWidth, frame.displayHeight, wanted);
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d');
  if (!context) return { id, error: 'Lumen could not prepare the picture.' };
  context.drawImage(frame, 0, 0, size.width, size.height);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
  return { id, bytes: await blob.arrayBuffer(), width: size.width, height: size.height };
}

let started: FrameStart | null = null;
self.onmessage = (event: MessageEvent<FrameStart | FrameRequest>) => {
  const message = event.data;
  if ('frames' in message) {
    started = message;
    void read(message.frames);
    return;
  }
  if (!started) return;
  void encode(started, message.id)
    .catch((error: unknown) => ({ id: message.id, error: String(error) }))
    .then((reply) => self.postMessage(reply, { transfer: 'bytes' in reply ? [reply.bytes] : [] }));
};
