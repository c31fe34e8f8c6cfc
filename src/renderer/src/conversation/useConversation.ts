import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationStatus } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { useSay } from '../useSay';
import { CaptureProblem } from '../capture/frames';
import { takePicture } from '../capture/picture';
import {
  captionLine,
  endsUnfinishedWords,
  withCutOff,
  withFinished,
  withoutItem,
  withPartial,
  type CaptionLine
} from './captions';
import { isRunning, stateLabel } from './labels';
import { MicProblem, openMic, type Mic } from './mic';

/**
 * The spoken conversation as the page sees it: starting and ending it, the microphone (open while
 * the conversation runs), push-to-talk, mute, typed messages, pictures the user shows and pictures
 * the model asks for, the state line and the captions.
 */
export function useConversation(settings: Settings | null) {
  const { announce } = useAnnouncer();
  const [status, setStatus] = useState<ConversationStatus | null>(null);
  const [captions, setCaptions] = useState<CaptionLine[]>([]);
  const [partialLines, setPartialLines] = useState<CaptionLine[]>([]);
  const partials = useRef<CaptionLine[]>([]);
  const updatePartials = useCallback((change: (old: CaptionLine[]) => CaptionLine[]) => {
    partials.current = change(partials.current);
    setPartialLines(partials.current);
  }, []);
  const [talking, setTalking] = useState(false);
  const mic = useRef<{ close(): void } | null>(null);
  const muted = useRef(false);
  const lastLabel = useRef(stateLabel(null));
  const nextKey = useRef(1);
  const settingsRef = useRef(settings);
  useEffect(() => {
    settingsRef.current = settings;
  }, [settings]);

  const say = useSay();

  const closeMic = useCallback(() => {
    mic.current?.close();
    mic.current = null;
  }, []);

  /** Ends the conversation because of a problem the user must hear about. */
  const endWith = useCallback(
    (message: string) => {
      closeMic();
      void window.lumen.conversation.stop();
      void say(message);
    },
    [closeMic, say]
  );

  /** The microphone, sending 40 ms PCM16 chunks to core; not while muted. */
  const openMicrophone = useCallback(async () => {
    if (mic.current) return;
    const stream = window.lumen.openStream('conversation.mic');
    let device: Mic | undefined;
    let closed = false;
    const handle = {
      close: () => {
        if (closed) return;
        closed = true;
        device?.close();
        stream.close();
      }
    };
    mic.current = handle;
    try {
      device = await openMic(
        settingsRef.current?.capture.microphoneId ?? '',
        (pcm) => {
          if (!closed && !muted.current) stream.send(new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength));
        },
        (problem) => {
          if (mic.current === handle) endWith(problem.message);
        }
      );
      if (closed) device.close();
    } catch (error) {
      handle.close();
      if (mic.current !== handle) return;
      mic.current = null;
      endWith(error instanceof MicProblem ? error.message : 'Lumen could not start the microphone.');
    }
  }, [endWith]);

  const running = isRunning(status?.state);

  const start = useCallback(async () => {
    // The request goes first, so core is already connecting (and keeps what is said meanwhile)
    // when the first microphone chunk arrives.
    const started = window.lumen.conversation.start();
    void openMicrophone();
    const result = await started;
    if (!result.ok) {
      closeMic();
      return void say(result.error.message);
    }
    setStatus(result.value);
    // Could not connect: core has said why.
    if (!isRunning(result.value.state)) closeMic();
  }, [closeMic, openMicrophone, say]);

  const stop = useCallback(async () => {
    closeMic();
    setTalking(false);
    const result = await window.lumen.conversation.stop();
    if (!result.ok) return announce(result.error.message, 'assertive');
    setStatus(result.value);
  }, [announce, closeMic]);

  const toggle = useCallback(() => void (running ? stop() : start()), [running, start, stop]);

  /** Typing, showing a picture: the conversation starts first if it is not running. */
  const ensureRunning = useCallback(async () => {
    if (!running) await start();
  }, [running, start]);

  const setMuted = useCallback(
    async (next: boolean) => {
      muted.current = next;
      const result = await window.lumen.conversation.mute({ muted: next });
      if (!result.ok) return announce(result.error.message, 'assertive');
      setStatus(result.value);
    },
    [announce]
  );

  const talk = useCallback(
    async (pressed: boolean) => {
      setTalking(pressed);
      const result = await window.lumen.conversation.talk({ pressed });
      if (!result.ok) {
        setTalking(false);
        return void say(result.error.message);
      }
      setStatus(result.value);
    },
    [say]
  );

  const sendText = useCallback(
    async (text: string): Promise<boolean> => {
      await ensureRunning();
      const result = await window.lumen.conversation.say({ text });
      if (!result.ok) {
        announce(result.error.message, 'assertive');
        return false;
      }
      return true;
    },
    [announce, ensureRunning]
  );

  const show = useCallback(
    async (source: 'camera' | 'screen') => {
      await ensureRunning();
      announce(source === 'camera' ? 'Showing Lumen the camera…' : 'Showing Lumen the screen…');
      try {
        const { frame, windowName } = await takePicture(source, settingsRef.current);
        const result = await window.lumen.conversation.show({ source, image: frame.bytes, windowName });
        if (!result.ok) return void say(result.error.message);
      } catch (error) {
        void say(
          error instanceof CaptureProblem ? error.message : 'Lumen could not take the picture. Please try again.'
        );
      }
    },
    [announce, ensureRunning, say]
  );

  useEffect(() => {
    const lumen = window.lumen;
    const offs = [
      lumen.on('conversation.state', (next) => {
        setStatus(next);
        muted.current = next.muted;
        const label = stateLabel(next);
        if (label !== lastLabel.current) {
          lastLabel.current = label;
          announce(isRunning(next.state) ? label : 'Conversation ended.');
        }
        if (!isRunning(next.state)) {
          closeMic();
          setTalking(false);
        }
        if (endsUnfinishedWords(next.state)) {
          const unfinished = partials.current;
          if (unfinished.length) {
            updatePartials(() => []);
            setCaptions((lines) => withCutOff(lines, unfinished));
          }
        }
      }),
      lumen.on('conversation.caption', (caption) => {
        const line = captionLine(caption, nextKey.current++);
        if (!caption.final) {
          updatePartials((old) => withPartial(old, line));
          return;
        }
        updatePartials((old) => withoutItem(old, line.itemId));
        setCaptions((old) => withFinished(old, line));
      }),
      // The model asked for a fresh picture that only this page can take.
      lumen.handle('conversation.look', async ({ source }) => {
        announce(source === 'camera' ? 'Looking through the camera…' : `Looking at the ${source}…`);
        try {
          const { frame, windowName } = await takePicture(source, settingsRef.current);
          return { image: frame.bytes, windowName };
        } catch (error) {
          const reason =
            error instanceof CaptureProblem ? error.message : `Lumen could not take a picture of the ${source}.`;
          throw new Error(reason, { cause: error });
        }
      })
    ];
    return () => offs.forEach((off) => off());
  }, [announce, closeMic, updatePartials]);

  // Leaving the page ends the microphone with it.
  useEffect(() => closeMic, [closeMic]);

  return {
    status,
    label: stateLabel(status),
    running,
    mode: status?.mode ?? settings?.conversation.mode ?? 'hands-free',
    muted: !!status?.muted,
    talking,
    captions,
    partials: partialLines,
    captionsOn: settings?.conversation.captions ?? true,
    start,
    stop,
    toggle,
    setMuted,
    talk,
    sendText,
    show
  };
}

export type Conversation = ReturnType<typeof useConversation>;
