import { useEffect, useRef, useState, type MouseEvent, type RefObject } from 'react';
import type { KeyStatus, LiveStatus, ReadAction, SpeechState } from '../../../shared/contract';
import type { ModelRole, Settings } from '../../../shared/settings';
import { SHORTCUT_LABELS, type ShortcutAction } from '../../../shared/shortcuts';
import { useAnnouncer } from '../announcer';
import { readableAccelerator } from '../commands';
import { AnswerPanel } from '../components/AnswerPanel';
import { AskPanel } from '../components/AskPanel';
import { ReadingPanel } from '../components/ReadingPanel';
import { ConversationPanel } from '../components/ConversationPanel';
import { WatchPanel } from '../components/WatchPanel';
import { ROLE_LABELS, useModelsStatus } from '../models';
import type { Conversation } from '../conversation/useConversation';
import type { useLive } from '../capture/useLive';
import type { useWatch } from '../capture/useWatch';
import type { useCameraReading } from '../capture/useCameraReading';

type Live = ReturnType<typeof useLive>;
type Watch = ReturnType<typeof useWatch>;
import type { ReadingPosition, ReadTarget } from '../capture/useReading';
import { spokenCost } from '../../../shared/spoken-cost';

interface Props {
  headingRef: RefObject<HTMLHeadingElement | null>;
  settings: Settings | null;
  platform: string;
  speech: SpeechState | null;
  onCommand(action: ShortcutAction): void;
  onOpenKeySettings(): void;
  /** The capture guard's warning about the last picture, if it was not sent. */
  guard: string | null;
  onSendAnyway(): void;
  reading: {
    position: ReadingPosition | null;
    busy: boolean;
    read(target: ReadTarget): void;
    navigate(action: ReadAction): void;
    camera: ReturnType<typeof useCameraReading>;
  };
  conversation: Conversation;
  live: Live;
  watch: Watch;
}

/** What live description is doing, in one sentence, with what it has sent and cost. */
export function liveSummary(status: LiveStatus | null): string {
  if (!status?.running)
    return 'Live description is off. When on, Lumen keeps looking and speaks only when the scene changes.';
  const pictures = `${status.pictures} ${status.pictures === 1 ? 'picture' : 'pictures'}`;
  return `Live description is on: ${pictures} sent of ${status.frames} looked at, ${spokenCost(status.costUsd)} so far, ${spokenCost(status.costPerMinute)} a minute.`;
}

/** The describe commands, in the order people reach for them. */
const DESCRIBE: readonly ShortcutAction[] = [
  'describeCamera',
  'describeScreen',
  'describeWindow',
  'describeRegion',
  'askBefore'
];

/**
 * Home is built around the three jobs, in this order: Describe, Read text, Talk; then the answer.
 * Keys have their own page (Help), the connection check lives with the key in Settings.
 */
export function HomeScreen({
  headingRef,
  settings,
  platform,
  speech,
  onCommand,
  onOpenKeySettings,
  guard,
  onSendAnyway,
  reading,
  conversation,
  live,
  watch
}: Props) {
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Lumen
      </h1>
      <p>Your seeing companion. Choose a command, or use its hotkey from any app.</p>
      <KeyHint endpoint={settings?.endpoint} onOpenKeySettings={onOpenKeySettings} />
      <ModelNotices settings={settings} headingRef={headingRef} />
      <section aria-labelledby="describe-heading">
        <h2 id="describe-heading">Describe</h2>
        <ul className="command-list">
          {DESCRIBE.map((action) => {
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
        </ul>
        <div className="actions">
          <button type="button" onClick={live.toggle} aria-describedby="live-status">
            {live.running ? 'Stop live description' : 'Start live description'}
          </button>
          {settings?.shortcuts.liveDescription && (
            <span className="hotkey">{readableAccelerator(settings.shortcuts.liveDescription, platform)}</span>
          )}
        </div>
        <p id="live-status" data-testid="live-status">
          {liveSummary(live.status)}
        </p>
        {guard && (
          <div className="guard-notice" data-testid="guard-notice">
            <p>{guard}</p>
            <button type="button" onClick={onSendAnyway}>
              Send it anyway
            </button>
          </div>
        )}
        <WatchPanel
          watches={watch.watches}
          onWatchRegion={(options) => void watch.watchRegion(options)}
          onWatchWindow={(options) => void watch.watchWindow(options)}
          onStop={(id) => void watch.stop(id)}
        />
      </section>
      <ReadingPanel
        settings={settings}
        platform={platform}
        position={reading.position}
        busy={reading.busy}
        onRead={(target) => void reading.read(target)}
        onNavigate={(action) => void reading.navigate(action)}
        camera={reading.camera}
      />
      <ConversationPanel conversation={conversation} settings={settings} platform={platform} />
      <AnswerPanel />
      <AskPanel speech={speech} />
    </>
  );
}

/**
 * Until a key is set nothing in the cloud works: said plainly on the home screen, with what still
 * works and the way to the key.
 */
function KeyHint({ endpoint, onOpenKeySettings }: { endpoint: string | undefined; onOpenKeySettings(): void }) {
  const [status, setStatus] = useState<KeyStatus | null>(null);
  useEffect(() => {
    let current = true;
    void window.lumen.secrets.status().then((r) => current && r.ok && setStatus(r.value));
    return () => {
      current = false;
    };
  }, [endpoint]);
  if (!status || status.keySet) return null;
  return (
    <div className="key-hint" data-testid="key-hint">
      <p>
        {status.withheld ?? 'No API key is set.'} Describing and talking need an OpenAI API key; reading text works
        offline without one.
      </p>
      <button type="button" onClick={onOpenKeySettings}>
        Set the API key
      </button>
    </div>
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
