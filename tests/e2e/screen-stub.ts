import type { Page } from '@playwright/test';

/** Draws one frame of the stand-in screen; runs in the page, so it may use nothing from this file. */
export type PaintScreen = (c: CanvasRenderingContext2D, width: number, height: number) => void;

/**
 * Headless Chromium has no screen to capture: the page's getDisplayMedia returns a canvas painted
 * by `paint`. Like a real capturer it honours size constraints (scaling the frames it delivers) and
 * stops repainting once the capture is stopped, so it costs the page nothing afterwards.
 */
export async function stubScreen(page: Page, size: { width: number; height: number }, paint: PaintScreen) {
  const install = (width: number, height: number, draw: PaintScreen) => {
    navigator.mediaDevices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d')!;
      draw(context, width, height);
      const stream = canvas.captureStream(10);
      const track = stream.getVideoTracks()[0]!;
      const timer = setInterval(() => {
        if (track.readyState === 'ended') clearInterval(timer);
        else draw(context, width, height);
      }, 100);
      if (typeof options?.video === 'object') await track.applyConstraints(options.video);
      return stream;
    };
  };
  await page.addInitScript({ content: `(${install.toString()})(${size.width}, ${size.height}, ${paint.toString()});` });
  await page.reload();
}
