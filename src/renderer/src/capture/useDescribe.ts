import { useCallback, useRef, useState } from 'react';
import type { CaptureSource } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { useSay } from '../useSay';
import { takePicture } from './picture';
import { CaptureProblem, frameFrom, type Frame } from './frames';
import { toPixels, type Region } from './region';
import { captureScreen } from './screen';
import { hostCapturesScreen } from '../host-info';

export type DescribeSource = Exclude<CaptureSource, 'file' | 'region'> | 'region';

interface Guarded {
  source: DescribeSource;
  message: string;
  at: number;
}

/** A held-back picture the user may send anyway; a deny-listed window is never sent, so not that. */
function heldBack(source: DescribeSource, guard?: { reason: string; message: string }): Guarded | null {
  return guard && guard.reason !== 'denied' ? { source, message: guard.message, at: Date.now() } : null;
}

/** Asking for the same picture again this soon after a warning means "send it anyway". */
const INSIST_WITHIN_MS = 60_000;

/**
 * Captures from the camera or the screen and asks core to describe it, saying what went wrong when
 * something does. A picture the capture guard rejects is sent when the user asks again.
 */
export function useDescribe(settings: Settings | null) {
  const { announce } = useAnnouncer();
  const [regionShot, setRegionShot] = useState<ImageBitmap | null>(null);
  const [guarded, setGuarded] = useState<Guarded | null>(null);
  const pendingQuestion = useRef<string | undefined>(undefined);

  const say = useSay();

  const send = useCallback(
    async (
      source: DescribeSource,
      frame: Frame,
      question: string | undefined,
      insist: boolean,
      windowName?: string
    ) => {
      const result = await window.lumen.describe.start({ source, image: frame.bytes, windowName, question, insist });
      if (!result.ok) return say(result.error.message);
      setGuarded(heldBack(source, result.value.guard));
    },
    [say]
  );

  const describe = useCallback(
    async (source: DescribeSource, question?: string) => {
      const insist = !!guarded && guarded.source === source && Date.now() - guarded.at < INSIST_WITHIN_MS;
      try {
        if (source === 'camera') {
          const shot = await takePicture('camera', settings);
          if (shot.usedDefault)
            void say('The camera chosen in Settings is not connected, so the default camera was used.');
          return await send(source, shot.frame, question, insist);
        }
        if (source === 'region') {
          pendingQuestion.current = question;
          setRegionShot(await captureScreen('screen', (source) => createImageBitmap(source)));
          return;
        }
        // Where the host captures the screen itself (Electron), the picture never passes through here.
        if (await hostCapturesScreen()) {
          const hosted = await window.lumen.describe.capture({ target: source, question, insist });
          return hosted.ok ? setGuarded(heldBack(source, hosted.value.guard)) : void say(hosted.error.message);
        }
        const { frame, windowName } = await takePicture(source, settings);
        return await send(source, frame, question, insist, windowName);
      } catch (error) {
        void say(
          error instanceof CaptureProblem ? error.message : 'Lumen could not take the picture. Please try again.'
        );
      }
    },
    [guarded, say, send, settings]
  );

  const sendAnyway = useCallback(() => {
    if (guarded) void describe(guarded.source);
  }, [describe, guarded]);

  const chooseRegion = useCallback(
    async (region: Region) => {
      const bitmap = regionShot;
      setRegionShot(null);
      if (!bitmap) return;
      const crop = toPixels(region, bitmap.width, bitmap.height);
      const detail = settings?.assistant.detail ?? 'auto';
      const frame = await frameFrom(bitmap, bitmap.width, bitmap.height, detail, crop);
      await send('region', frame, pendingQuestion.current, false);
    },
    [regionShot, send, settings]
  );

  const closeRegion = useCallback(() => {
    setRegionShot(null);
    announce('Region choice cancelled.');
  }, [announce]);

  return { describe, guarded, sendAnyway, regionShot, chooseRegion, closeRegion };
}
