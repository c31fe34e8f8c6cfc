import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReadAction } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';
import { useSay } from '../useSay';
import { CaptureProblem, nativeFrame } from './frames';
import { toPixels, type Region } from './region';
import { captureScreen } from './screen';
import { hostCapturesScreen } from '../host-info';

export type ReadTarget = 'screen' | 'window' | 'region';

/** Where the reading cursor is: the last thing said while moving through the text, and its line. */
export interface ReadingPosition {
  text: string;
  /** Counting from 1; 0 when nothing was found. */
  line: number;
  lines: number;
}

const WHAT: Record<ReadTarget, string> = { screen: 'the screen', window: 'the active window', region: 'the region' };

const clamp = (v: number) => Math.min(1, Math.max(0, v));

/** A dragged rectangle can reach past the picture's edge; core accepts only a region inside it. */
function inside(region: Region): Region {
  const x = clamp(region.x);
  const y = clamp(region.y);
  return {
    x,
    y,
    width: Math.max(0.001, Math.min(region.width, 1 - x)),
    height: Math.max(0.001, Math.min(region.height, 1 - y))
  };
}

/**
 * Reads the text of the screen, the active window or a region chosen with the keyboard aloud, offline,
 * and moves through what was read: next and previous line, paragraph and word, repeat, spell, where.
 * The host captures where it can (desktop app); elsewhere the page does, with getDisplayMedia.
 */
export function useReading() {
  const { announce } = useAnnouncer();
  const [regionShot, setRegionShot] = useState<ImageBitmap | null>(null);
  const [position, setPosition] = useState<ReadingPosition | null>(null);
  const [busy, setBusy] = useState(false);
  const reading = useRef(false);

  // Whatever put a new text in the reader (a screen read here, a page from the camera, the cloud's
  // reading of it), the position shown starts again at its first line.
  useEffect(
    () => window.lumen.on('read.kept', ({ lines }) => setPosition({ text: '', line: lines ? 1 : 0, lines })),
    []
  );

  const say = useSay();
  const failed = useCallback(
    (message: string) => {
      void say(message);
      return null;
    },
    [say]
  );

  /** Runs one read; core speaks the text, the window says how many lines there are to move through. */
  const run = useCallback(
    async (target: ReadTarget, reader: () => Promise<{ lines: number } | null>) => {
      if (reading.current) return announce('Lumen is still reading. Please wait.');
      reading.current = true;
      setBusy(true);
      announce(`Reading the text of ${WHAT[target]}…`);
      try {
        const read = await reader();
        if (!read) return;
        const { lines } = read;
        // With no text, Lumen says "No text found." itself: the window only logs it.
        if (lines) announce(`Read ${lines} ${lines === 1 ? 'line' : 'lines'}. The text reader moves through them.`);
        else announce('No text found.', 'polite', { live: false });
      } catch (error) {
        void say(
          error instanceof CaptureProblem ? error.message : 'Lumen could not read the screen. Please try again.'
        );
      } finally {
        reading.current = false;
        setBusy(false);
      }
    },
    [announce, say]
  );

  const read = useCallback(
    async (target: ReadTarget) => {
      if (target === 'region') {
        try {
          setRegionShot(await captureScreen('screen', (source) => createImageBitmap(source)));
        } catch (error) {
          void say(
            error instanceof CaptureProblem ? error.message : 'Lumen could not capture the screen. Please try again.'
          );
        }
        return;
      }
      await run(target, async () => {
        // Where the host captures the screen itself (desktop app), the picture never passes through here.
        if (await hostCapturesScreen()) {
          const hosted = await window.lumen.read.capture({ target });
          return hosted.ok ? hosted.value : failed(hosted.error.message);
        }
        const frame = await captureScreen(target, (image, width, height) => nativeFrame(image, width, height));
        const result = await window.lumen.read.image({ image: frame.bytes, source: target });
        return result.ok ? result.value : failed(result.error.message);
      });
    },
    [failed, run, say]
  );

  const chooseRegion = useCallback(
    async (chosen: Region) => {
      const bitmap = regionShot;
      setRegionShot(null);
      if (!bitmap) return;
      const region = inside(chosen);
      await run('region', async () => {
        const crop = toPixels(region, bitmap.width, bitmap.height);
        const frame = await nativeFrame(bitmap, bitmap.width, bitmap.height, crop);
        const result = await window.lumen.read.image({ image: frame.bytes, source: 'region', region });
        return result.ok ? result.value : failed(result.error.message);
      });
    },
    [failed, regionShot, run]
  );

  const closeRegion = useCallback(() => {
    setRegionShot(null);
    announce('Region choice cancelled.');
  }, [announce]);

  /** Core says the answer (interrupting what was being said); the window shows it. */
  const navigate = useCallback(
    async (action: ReadAction) => {
      const result = await window.lumen.read.navigate({ action });
      if (!result.ok) return void say(result.error.message);
      setPosition(result.value);
    },
    [say]
  );

  return { read, navigate, position, busy, regionShot, chooseRegion, closeRegion };
}
