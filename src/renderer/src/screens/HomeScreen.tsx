import { useRef, type MouseEvent, type RefObject } from 'react';
import type { ReadAction, SpeechState } from '../../../shared/contract';
import type { ModelRole, Settings } from '../../../shared/settings';
import { SHORTCUT_ACTIONS, SHORTCUT_LABELS, type ShortcutAction } from '../../../shared/shortcuts';
import { useAnnouncer } from '../announcer';
import { readableAccelerator } from '../commands';
import { AskPanel } from '../components/AskPanel';
import { ReadingPanel, READ_COMMANDS } from '../components/ReadingPanel';
import { ConversationPanel } from '../components/ConversationPanel';
import { ROLE_LABELS, useModelsStatus } from '../models';
import type { Conversation } from '../conversation/useConversation';
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
  conversation: Conversation;
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
  conversation
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
      <ModelNotices settings={settings} headingRef={headingRef} />
      {guard && (
        <div className="guard-notice" data-testid="guard-notice">
          <p>{guard}</p>
          <button type="button" onClick={onSendAnyway}>
            Send it anyway
          </button>
        </div>
      )}
      <ConversationPanel conversation={conversation} settings={settings} platform={platform} />
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

/**
 * Shutdowns of models the user chose, with "switch now". Lumen says each notice itself (once a day),
 * so the list appears without being announced; a switch is said by Lumen too (aloud and in Recent
 * messages), so only what it does not say is announced here.
 */
function ModelNotices({ settings, headingRef }: Pick<Props, 'settings' | 'headingRef'>) {
  const { announce } = useAnnouncer();
  const { status, adopt } = useModelsStatus(settings ? JSON.stringify(settings.models) : '');
  const noticesHeading = useRef<HTMLHeadingElement>(null);
  const notices = status?.roles.filter((r) => r.notice) ?? [];

  const switchNow = async (role: ModelRole, e: MouseEvent<HTMLButtonElement>) => {
    const button = e.currentTarget;
    const hadFocus = document.activeElement === button;
    const before = status?.roles.find((r) => r.role === role);
    const result = await window.lumen.models.switch({ role });
    if (!result.ok) return announce(`${ROLE_LABELS[role]} was not switched. ${result.error.message}`, 'assertive');
    const after = result.value.roles.find((r) => r.role === role);
    // The button goes with its notice (it may be gone already: the saved choice refreshes the list),
    // so focus moves to what is left rather than to nowhere, unless the user has moved on.
    const stranded = document.activeElement === button || document.activeElement === document.body;
    if (hadFocus && stranded && !after?.notice) {
      if (result.value.roles.some((r) => r.notice)) noticesHeading.current?.focus();
      else headingRef.current?.focus();
    }
    adopt(result.value);
    if (after && after.chosen === before?.chosen) {
      announce(`${ROLE_LABELS[role]} was not switched: the service names no model to switch to yet.`, 'assertive');
    }
  };

  if (!notices.length) return null;
  return (
    <section aria-labelledby="notices-heading" className="notices">
      <h2 id="notices-heading" ref={noticesHeading} tabIndex={-1}>
        Notices
      </h2>
      <ul>
        {notices.map((r) => (
          <li key={r.role}>
            <p>{r.notice}</p>
            {r.successor && (
              <button
                type="button"
                aria-label={`Switch now: ${ROLE_LABELS[r.role]}`}
                onClick={(e) => void switchNow(r.role, e)}
              >
                Switch now
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
