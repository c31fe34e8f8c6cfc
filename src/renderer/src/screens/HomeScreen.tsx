import type { RefObject } from 'react';
import type { ReadAction, SpeechState } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { SHORTCUT_ACTIONS, SHORTCUT_LABELS, type ShortcutAction } from '../../../shared/shortcuts';
import { useAnnouncer } from '../announcer';
import { readableAccelerator } from '../commands';
import { AskPanel } from '../components/AskPanel';
import { ReadingPanel, READ_COMMANDS } from '../components/ReadingPanel';
import { VoicePanel } from '../components/VoicePanel';
import type { Voice } from '../voice/useVoice';
import type { ReadingPosition, ReadTarget } from '../capture/useReading';

interface Props {
  headingRef: RefObject<HTMLHeadingElement | null>;
  settings: Settings | null;
  platform: string;
  speech: SpeechState | null;
  onCommand(action: ShortcutAction): void;
  /** The capture guard's warning about the last picture, if it was not sent. */
  guard: string | null;
  onSendAnyway(): void;
  reading: {
    position: ReadingPosition | null;
    busy: boolean;
    read(target: ReadTarget): void;
    navigate(action: ReadAction): void;
  };
  voice: Voice;
}

// Reading's commands live in its own section, with the keys that move through the text; talking
// lives in the conversation's.
const READING: readonly ShortcutAction[] = [...READ_COMMANDS.map((c) => c.action), 'nextLine', 'previousLine'];
const COMMANDS = SHORTCUT_ACTIONS.filter((a) => a !== 'showLumen' && a !== 'talk' && !READING.includes(a));

export function HomeScreen({
  headingRef,
  settings,
  platform,
  speech,
  onCommand,
  guard,
  onSendAnyway,
  reading,
  voice
}: Props) {
  const { announce } = useAnnouncer();

  const checkConnection = async () => {
    announce('Checking the connection…');
    const result = await window.lumen.connection.check();
    if (!result.ok) announce(`The connection check failed: ${result.error.message}`, 'assertive');
    else announce(result.value.message, result.value.ok ? 'polite' : 'assertive');
  };

  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Lumen
      </h1>
      <p>Your seeing companion. Choose a command, or use its global hotkey from any app.</p>
      {guard && (
        <div className="guard-notice" data-testid="guard-notice">
          <p>{guard}</p>
          <button type="button" onClick={onSendAnyway}>
            Send it anyway
          </button>
        </div>
      )}
      <VoicePanel voice={voice} settings={settings} platform={platform} />
      <AskPanel speech={speech} />
      <section aria-labelledby="commands-heading">
        <h2 id="commands-heading">Commands</h2>
        <ul className="command-list">
          {COMMANDS.map((action) => {
            const accel = settings?.shortcuts[action];
            return (
              <li key={action}>
                <button type="button" onClick={() => onCommand(action)}>
                  {SHORTCUT_LABELS[action]}
                </button>
                {accel && <span className="hotkey">{readableAccelerator(accel, platform)}</span>}
              </li>
            );
          })}
          <li>
            <button type="button" onClick={checkConnection}>
              Check connection
            </button>
          </li>
        </ul>
      </section>
      <ReadingPanel
        settings={settings}
        platform={platform}
        position={reading.position}
        busy={reading.busy}
        onRead={(target) => void reading.read(target)}
        onNavigate={(action) => void reading.navigate(action)}
      />
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys in this window</h2>
        <dl className="key-list">
          <dt>Control + Comma</dt>
          <dd>Open settings</dd>
          <dt>Escape</dt>
          <dd>Stop speaking; pressed again, leave settings</dd>
        </dl>
      </section>
    </>
  );
}
