import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { SHORTCUT_LABELS } from '../../../shared/shortcuts';
import { useAnnouncer } from '../announcer';
import { readableAccelerator } from '../commands';
import type { CaptionLine } from '../conversation/captions';
import type { Conversation } from '../conversation/useConversation';

interface Props {
  conversation: Conversation;
  settings: Settings | null;
  platform: string;
}

const WHO: Record<CaptionLine['role'], string> = { user: 'You', assistant: 'Lumen' };

const captionText = (line: CaptionLine) => `${WHO[line.role]}: ${line.text}${line.interrupted ? ' (cut off)' : ''}`;

/** A click with no key or pointer of ours before it: a screen reader in browse mode "pressed" it. */
const CLICK_AFTER_RELEASE_MS = 500;
const isTalkKey = (e: KeyboardEvent) => e.key === ' ' || e.key === 'Enter';

/**
 * The spoken conversation: start and end it, mute, hold to talk, show a picture, type a message,
 * and read the captions. The state line says what Lumen is doing; changes are announced.
 */
export function ConversationPanel({ conversation, settings, platform }: Props) {
  const { announce } = useAnnouncer();
  const [message, setMessage] = useState('');
  const ids = { message: useId(), talkHint: useId(), state: useId() };
  const held = useRef<'key' | 'pointer' | 'click' | null>(null);
  const releasedAt = useRef(0);
  const accel = settings?.shortcuts.talk;
  const toggleButton = useRef<HTMLButtonElement>(null);
  // When the conversation ends, its controls go; focus that was on one of them goes to the toggle.
  const focusInControls = useRef(false);
  useEffect(() => {
    if (conversation.running || !focusInControls.current) return;
    focusInControls.current = false;
    toggleButton.current?.focus();
  }, [conversation.running]);

  const press = (how: 'key' | 'pointer' | 'click') => {
    if (held.current) return;
    held.current = how;
    void conversation.talk(true);
  };
  const release = () => {
    if (!held.current) return;
    held.current = null;
    releasedAt.current = performance.now();
    void conversation.talk(false);
  };
  const onTalkKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!isTalkKey(e)) return;
    e.preventDefault();
    if (!e.repeat) press('key');
  };
  const onTalkKeyUp = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!isTalkKey(e)) return;
    e.preventDefault();
    if (held.current === 'key') release();
  };
  // Screen readers in browse mode send a click without keys: the first starts the turn, the next sends it.
  const onTalkClick = () => {
    if (held.current === 'key' || held.current === 'pointer') return;
    if (performance.now() - releasedAt.current < CLICK_AFTER_RELEASE_MS) return;
    if (held.current === 'click') release();
    else {
      press('click');
      announce('Talking. Activate the button again when you have finished.');
    }
  };

  const send = async (e: FormEvent) => {
    e.preventDefault();
    const text = message.trim();
    if (!text) return announce('Type a message first.', 'assertive');
    if (await conversation.sendText(text)) setMessage('');
  };

  const pushToTalk = conversation.mode === 'push-to-talk';

  return (
    <section aria-labelledby="conversation-heading">
      <h2 id="conversation-heading">Talk</h2>
      <p>
        Talk with Lumen about what the camera or the screen shows.{' '}
        {pushToTalk
          ? 'Hold the talk button while you speak.'
          : 'Speak when it is listening; it answers when you pause.'}
      </p>
      <p id={ids.state} className="conversation-state" data-testid="conversation-state">
        Conversation: {conversation.label}
      </p>
      <div className="actions">
        <button type="button" ref={toggleButton} onClick={conversation.toggle} aria-describedby={ids.state}>
          {conversation.running ? 'End conversation' : 'Start conversation'}
        </button>
        {accel && (
          <span className="hotkey">
            {SHORTCUT_LABELS.talk}: {readableAccelerator(accel, platform)}
          </span>
        )}
      </div>
      {conversation.running && (
        <div
          className="actions"
          role="group"
          aria-label="Conversation controls"
          onFocus={() => (focusInControls.current = true)}
          onBlur={() => (focusInControls.current = false)}
        >
          <button
            type="button"
            aria-pressed={conversation.muted}
            onClick={() => void conversation.setMuted(!conversation.muted)}
          >
            Mute
          </button>
          {pushToTalk && (
            <button
              type="button"
              className="talk-button"
              aria-pressed={conversation.talking}
              aria-describedby={ids.talkHint}
              onKeyDown={onTalkKeyDown}
              onKeyUp={onTalkKeyUp}
              onPointerDown={(e) => {
                if (e.button !== 0) return;
                e.currentTarget.setPointerCapture(e.pointerId);
                press('pointer');
              }}
              onPointerUp={() => held.current === 'pointer' && release()}
              onPointerCancel={() => held.current === 'pointer' && release()}
              onBlur={release}
              onClick={onTalkClick}
            >
              Hold to talk
            </button>
          )}
          <button type="button" onClick={() => void conversation.show('camera')}>
            Show camera
          </button>
          <button type="button" onClick={() => void conversation.show('screen')}>
            Show screen
          </button>
        </div>
      )}
      {conversation.running && pushToTalk && (
        <p id={ids.talkHint} className="hint">
          Hold Space or Enter on it while you speak, then let go. With a screen reader in browse mode, activate it once
          to start and again to send.
        </p>
      )}
      <form onSubmit={send} className="conversation-message">
        <label htmlFor={ids.message}>Message to Lumen</label>
        <input
          id={ids.message}
          type="text"
          autoComplete="off"
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
        <div className="actions">
          <button type="submit">Send message</button>
        </div>
      </form>
      {conversation.captionsOn && (
        <>
          <h3 id="captions-heading">Captions</h3>
          {/* Finished lines only: a log announces what is added, so screen readers hear each line once. */}
          <div
            role="log"
            aria-live="polite"
            aria-labelledby="captions-heading"
            // Focusable, so its scrolled-away lines can be reached from the keyboard.
            tabIndex={0}
            className="captions"
            data-testid="captions"
          >
            {conversation.captions.map((line) => (
              <p key={line.key} className={`caption caption-${line.role}`}>
                {captionText(line)}
              </p>
            ))}
          </div>
          {/* Words as they arrive: shown, not announced (the finished line is). */}
          <div className="captions-partial" data-testid="captions-partial">
            {conversation.partials.map((line) => (
              <p key={line.key} className={`caption caption-${line.role}`}>
                {captionText(line)}
              </p>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
