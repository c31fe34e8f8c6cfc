import type { Page } from '@playwright/test';

/**
 * Draws one frame of the stand-in screen. It runs in the page, so it may use nothing from this file;
 * what it needs comes as `data` (anything JSON can carry).
 */
export type PaintScreen<D = undefined> = (c: CanvasRenderingContext2D, width: number, height: number, data: D) => void;

export interface StubScreenOptions<D> {
  width: number;
  height: number;
  data?: D;
  /** The captured screen's or window's name, as the browser reports it (the track's label). */
  name?: string;
}

/**
 * Headless Chromium has no screen to capture: the page's getDisplayMedia returns a canvas painted
 * by `paint`. Like a real capturer it honours size constraints (scaling the frames it delivers) and
 * stops repainting once the capture is stopped, so it costs the page nothing afterwards.
 */
export async function stubScreen<D>(page: Page, options: StubScreenOptions<D>, paint: PaintScreen<D>) {
  const install = (width: number, height: number, draw: PaintScreen<D>, data: D, name: string | null) => {
    navigator.mediaDevices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d')!;
      draw(context, width, height, data);
      const stream = canvas.captureStream(10);
      const track = stream.getVideoTracks()[0]!;
      const timer = setInterval(() => {
        if (track.readyState === 'ended') clearInterval(timer);
        else draw(context, width, height, data);
      }, 100);
      if (name !== null) Object.defineProperty(track, 'label', { value: name });
      if (typeof options?.video === 'object') await track.applyConstraints(options.video);
      return stream;
    };
  };
  const args = [
    options.width,
    options.height,
    paint.toString(),
    JSON.stringify(options.data ?? null),
    JSON.stringify(options.name ?? null)
  ];
  await page.addInitScript({ content: `(${install.toString()})(${args.join(', ')});` });
  await page.reload();
}
