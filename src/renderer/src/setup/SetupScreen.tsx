import { useEffect, useRef, useState, type ReactNode } from 'react';
import { SETUP_STEPS, type SetupStatus, type SetupStep } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { useSay } from '../useSay';
import { CameraStep } from './CameraStep';
import { HotkeysStep } from './HotkeysStep';
import { KeyStep, WITHOUT_KEY } from './KeyStep';
import { MicrophoneStep } from './MicrophoneStep';
import { SpendingStep } from './SpendingStep';
import { VoiceStep } from './VoiceStep';
import './setup.css';

const STEP_TITLES: Record<SetupStep, string> = {
  key: 'Your OpenAI key',
  voice: 'How Lumen speaks',
  microphone: 'Say something',
  camera: 'Look through the camera',
  hotkeys: 'Hotkeys',
  spending: 'A monthly spending limit'
};

const SETUP_DONE = 'Setup is done. This is the home screen. Settings can run setup again at any time.';

interface Props {
  status: SetupStatus;
  settings: Settings | null;
  onSettings(settings: Settings): void;
  platform: string;
  globalHotkeys: boolean;
  onDone(): void;
}

/**
 * The first-run setup, one step at a time: each step's heading takes focus and is announced, every
 * step can be skipped or gone back from, and where the user is is saved as they move.
 */
export function SetupScreen({ status, settings, onSettings, platform, globalHotkeys, onDone }: Props) {
  const { announce } = useAnnouncer();
  const say = useSay();
  const [step, setStep] = useState<SetupStep>(status.step);
  const [completed, setCompleted] = useState<SetupStep[]>(status.completed);
  const heading = useRef<HTMLHeadingElement>(null);
  const index = SETUP_STEPS.indexOf(step);
  const position = `Step ${index + 1} of ${SETUP_STEPS.length}`;

  useEffect(() => {
    heading.current?.focus();
    announce(`${position}: ${STEP_TITLES[step]}.`);
  }, [announce, position, step]);

  /** Moves to `next` (or out of setup), keeping where the user is; a failure to save does not stop them. */
  const go = async (next: SetupStep | 'done', finished: boolean) => {
    const done = finished && !completed.includes(step) ? [...completed, step] : completed;
    setCompleted(done);
    const saved = await window.lumen.setup.update(
      next === 'done' ? { done: true, completed: done } : { step: next, completed: done }
    );
    if (!saved.ok) announce(saved.error.message, 'assertive');
    if (next !== 'done') return setStep(next);
    announce(SETUP_DONE);
    onDone();
  };
  const forward = (finished: boolean) => void go(SETUP_STEPS[index + 1] ?? 'done', finished);
  const skip = () => {
    if (step === 'key') void say(WITHOUT_KEY);
    forward(false);
  };

  const props = settings && { settings, onSettings, onFinished: () => forward(true) };
  const steps: Record<SetupStep, () => ReactNode> = {
    key: () => <KeyStep onFinished={() => forward(true)} />,
    voice: () => props && <VoiceStep {...props} />,
    microphone: () => props && <MicrophoneStep {...props} />,
    camera: () => props && <CameraStep {...props} />,
    hotkeys: () => props && <HotkeysStep {...props} platform={platform} globalHotkeys={globalHotkeys} />,
    spending: () => props && <SpendingStep {...props} />
  };

  return (
    <div className="setup" data-testid="setup">
      <h1 ref={heading} tabIndex={-1}>
        {STEP_TITLES[step]}
      </h1>
      <p className="setup-position">{position}</p>
      {/* A step's own state (a key being checked, a microphone listening) ends with the step. */}
      <div key={step}>{steps[step]()}</div>
      <div className="actions setup-nav">
        <button type="button" onClick={() => void go(SETUP_STEPS[index - 1]!, false)} disabled={index === 0}>
          Back
        </button>
        <button type="button" onClick={skip}>
          {step === 'key' ? 'Continue without a key' : 'Skip this step'}
        </button>
      </div>
    </div>
  );
}
