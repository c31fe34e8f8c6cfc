import { open, type FileHandle } from 'node:fs/promises';
import sharp from 'sharp';
import type { LumaImage } from '../imaging/luma';
import type { LiveFrame } from './live-camera';

/*
 * Reads YUV4MPEG2 (.y4m) video, the plain format of raw frames that ffmpeg writes and Chromium's fake
 * camera plays: a header line, then for each frame a FRAME line and its planes. Frames are read one at
 * a time, and a frame that is skipped is not read at all, so a long 4K file costs only what is looked
 * at. A frame becomes a small grey copy for the change detector straight from its brightness plane,
 * and a JPEG only when it is to be sent.
 */

/** A file that is not a Y4M video, or one that is damaged or cut short: the message can be said as it is. */
export class Y4mError extends Error {}

export interface Y4mHeader {
  width: number;
  height: number;
  /** Frames a second, as the header gives it (numerator over denominator). */
  fps: number;
  /** 4:2:0 (colour at half size each way) or brightness only. */
  chroma: '420' | 'mono';
  /** Full-range brightness (0–255) rather than the usual studio range (16–235). */
  fullRange: boolean;
}

export interface Y4mFrame {
  index: number;
  /** When the frame is shown, in milliseconds from the start of the video. */
  timeMs: number;
  header: Y4mHeader;
  y: Uint8Array;
  /** Half size each way; empty for a brightness-only video. */
  u: Uint8Array;
  v: Uint8Array;
}

const MAGIC = 'YUV4MPEG2';
/** Longer header or FRAME lines than this are not a video this reader should trust. */
const MAX_LINE = 4096;

/** The colour formats read: 8-bit 4:2:0 (whatever the colour samples' siting) and brightness only. */
const COLOURS: Record<string, Y4mHeader['chroma']> = {
  '420': '420',
  '420jpeg': '420',
  '420paldv': '420',
  '420mpeg2': '420',
  mono: 'mono'
};

/** Parses the header line (without its newline). */
export function parseY4mHeader(line: string): Y4mHeader {
  const [magic, ...fields] = line.split(' ');
  if (magic !== MAGIC) throw new Y4mError('This is not a Y4M video: it does not start with YUV4MPEG2.');
  const field = (tag: string) => fields.find((f) => f.startsWith(tag))?.slice(1);
  const width = Number(field('W'));
  const height = Number(field('H'));
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 2 || height < 2 || width * height > 2 ** 27) {
    throw new Y4mError('The Y4M video has no usable frame size in its header.');
  }
  const [num, den] = (field('F') ?? '').split(':').map(Number);
  const fps = num! / den!;
  if (!Number.isFinite(fps) || fps <= 0) throw new Y4mError('The Y4M video has no usable frame rate in its header.');
  const colour = field('C') ?? '420jpeg';
  const chroma = COLOURS[colour];
  if (!chroma) {
    throw new Y4mError(`The Y4M video's colour format (${colour}) is not supported; Lumen reads 4:2:0 8-bit video.`);
  }
  const fullRange = fields.includes('XCOLORRANGE=FULL');
  return { width, height, fps, chroma, fullRange };
}

/** Bytes of one frame's planes. */
const chromaSize = ({ width, height, chroma }: Y4mHeader) =>
  chroma === 'mono' ? 0 : Math.ceil(width / 2) * Math.ceil(height / 2);

/** An open Y4M file: its header, and its frames read in order. */
export class Y4mReader {
  private constructor(
    private readonly file: FileHandle,
    readonly header: Y4mHeader,
    private readonly dataStart: number,
    private readonly size: number
  ) {}

  /** Opens a file and reads its header; a file that is missing or not a Y4M video is a Y4mError. */
  static async open(path: string): Promise<Y4mReader> {
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Y4mError(missing ? `Lumen cannot find ${path}.` : `Lumen cannot read ${path}.`);
    }
    try {
      const line = await readLine(file, 0);
      if (line === undefined) throw new Y4mError('This is not a Y4M video: it does not start with YUV4MPEG2.');
      const { size } = await file.stat();
      return new Y4mReader(file, parseY4mHeader(line.text), line.next, size);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /**
   * The frames in order; only those `keep` accepts are read (the rest are stepped over). Ends at the
   * end of the file; a frame cut short or damaged is a Y4mError.
   */
  async *frames(keep: (index: number, timeMs: number) => boolean = () => true): AsyncGenerator<Y4mFrame> {
    const { header } = this;
    const ySize = header.width * header.height;
    const cSize = chromaSize(header);
    const planes = ySize + 2 * cSize;
    let offset = this.dataStart;
    for (let index = 0; ; index++) {
      const line = await readLine(this.file, offset);
      if (line === undefined) return;
      if (!line.text.startsWith('FRAME')) {
        throw new Y4mError(`Frame ${index + 1} of the Y4M video is damaged: it does not start with FRAME.`);
      }
      const timeMs = (index * 1000) / header.fps;
      const start = line.next;
      offset = start + planes;
      if (!keep(index, timeMs)) {
        // A skipped frame must still be whole: a file cut short says so at once.
        if (this.size < offset) throw cutShort(index);
        continue;
      }
      const data = Buffer.alloc(planes);
      const { bytesRead } = await this.file.read(data, 0, planes, start);
      if (bytesRead < planes) throw cutShort(index);
      yield {
        index,
        timeMs,
        header,
        y: data.subarray(0, ySize),
        u: data.subarray(ySize, ySize + cSize),
        v: data.subarray(ySize + cSize)
      };
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}

const cutShort = (index: number) => new Y4mError(`The Y4M video is cut short: frame ${index + 1} is incomplete.`);

/** The line starting at `offset` and where the next begins; undefined at the end of the file. */
async function readLine(file: FileHandle, offset: number): Promise<{ text: string; next: number } | undefined> {
  const buffer = Buffer.alloc(MAX_LINE);
  const { bytesRead } = await file.read(buffer, 0, MAX_LINE, offset);
  if (bytesRead === 0) return undefined;
  const end = buffer.subarray(0, bytesRead).indexOf(0x0a);
  if (end < 0) {
    if (bytesRead < MAX_LINE) throw new Y4mError('The Y4M video is cut short in the middle of a line.');
    throw new Y4mError('This is not a Y4M video: a header line is far too long.');
  }
  return { text: buffer.subarray(0, end).toString('latin1'), next: offset + end + 1 };
}

/**
 * The frame's brightness at `size`, for the change detector: each output pixel the mean of the
 * block of source pixels it covers, in full range as a picture decoded to RGB would have it.
 */
export function y4mLuma(frame: Y4mFrame, size: { width: number; height: number }): LumaImage {
  const { width: sw, height: sh, fullRange } = frame.header;
  const { width, height } = size;
  const luma = new Float32Array(width * height);
  const scale = fullRange ? 1 : 255 / 219;
  const lift = fullRange ? 0 : 16;
  for (let dy = 0; dy < height; dy++) {
    const y0 = Math.floor((dy * sh) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((dy + 1) * sh) / height));
    for (let dx = 0; dx < width; dx++) {
      const x0 = Math.floor((dx * sw) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((dx + 1) * sw) / width));
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let i = y * sw + x0, end = y * sw + x1; i < end; i++) sum += frame.y[i]!;
      const mean = sum / ((y1 - y0) * (x1 - x0));
      luma[dy * width + dx] = Math.max(0, Math.min(255, (mean - lift) * scale));
    }
  }
  return { luma, width, height, sourceWidth: sw, sourceHeight: sh };
}

/** The frame as a JPEG at its own size (BT.601, as Y4M video is), for sending. */
export async function y4mJpeg(frame: Y4mFrame): Promise<Uint8Array> {
  const { width, height, fullRange, chroma } = frame.header;
  const cw = Math.ceil(width / 2);
  const rgb = Buffer.alloc(width * height * 3);
  const ys = fullRange ? 1 : 255 / 219;
  const cs = fullRange ? 1 : 255 / 224;
  const lift = fullRange ? 0 : 16;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const Y = (frame.y[y * width + x]! - lift) * ys;
      const c = (y >> 1) * cw + (x >> 1);
      const U = chroma === 'mono' ? 0 : (frame.u[c]! - 128) * cs;
      const V = chroma === 'mono' ? 0 : (frame.v[c]! - 128) * cs;
      const o = (y * width + x) * 3;
      // Buffer stores clamp to 0..255 only when asked: clamp by hand.
      rgb[o] = clampByte(Y + 1.402 * V);
      rgb[o + 1] = clampByte(Y - 0.344136 * U - 0.714136 * V);
      rgb[o + 2] = clampByte(Y + 1.772 * U);
    }
  }
  const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}

const clampByte = (x: number) => (x <= 0 ? 0 : x >= 255 ? 255 : Math.round(x));

/** A video frame for live description: its grey copy straight from the planes, a JPEG only if it is sent. */
export const y4mLiveFrame = (frame: Y4mFrame): LiveFrame => ({
  luma: (size) => y4mLuma(frame, size),
  picture: () => y4mJpeg(frame)
});
