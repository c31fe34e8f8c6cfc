import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReplyOf } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';

type Listed = ReplyOf<'history.list'>;
type Entry = Listed['entries'][number];

const SOURCE_NAMES: Record<Entry['source'], string> = {
  camera: 'Camera',
  screen: 'Screen',
  window: 'Window',
  region: 'Part of the screen',
  file: 'Picture',
  question: 'Question',
  conversation: 'Conversation'
};

const when = (at: string) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The optional history (switched on under Privacy), and "forget everything": the history, its key,
 * and whatever Lumen holds in memory about what was asked and seen.
 */
export function HistorySettings({ settings }: { settings: Settings | null }) {
  const { announce } = useAnnouncer();
  const [listed, setListed] = useState<Listed | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  // Focus goes to the confirmation when it opens, and back to the button that opened it after.
  const opened = useRef(false);

  const refresh = useCallback(
    () => void window.lumen.history.list().then((result) => result.ok && setListed(result.value)),
    []
  );
  const enabled = settings?.privacy.history;
  // Listed again when the history is switched on or off, and after every answer.
  useEffect(() => refresh(), [refresh, enabled]);
  useEffect(() => window.lumen.on('answer.done', refresh), [refresh]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (opened.current) askRef.current?.focus();
    opened.current = confirming;
  }, [confirming]);

  const forget = async () => {
    const result = await window.lumen.history.forget();
    setConfirming(false);
    if (!result.ok) return announce(`Nothing was forgotten. ${result.error.message}`, 'assertive');
    refresh();
  };
  const cancel = () => {
    setConfirming(false);
    announce('Nothing was forgotten.');
  };

  const entries = listed?.entries ?? [];
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {!listed?.enabled ? (
        <p>The history is off: nothing you ask or see is kept. You can switch it on under Privacy.</p>
      ) : entries.length === 0 ? (
        <p>The history is on, and empty.</p>
      ) : (
        <ol
          className="history"
          aria-label={`History, ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}, newest first`}
        >
          {entries.map((entry) => (
            <li key={`${entry.at}-${entry.question}`}>
              <p className="history-meta">
                {SOURCE_NAMES[entry.source]}, {when(entry.at)}
              </p>
              {entry.question && <p>{entry.question}</p>}
              <p>{entry.answer}</p>
            </li>
          ))}
        </ol>
      )}
      {confirming ? (
        <div role="group" aria-labelledby="forget-question" className="confirm">
          <p id="forget-question">
            Forget everything? This deletes the history, the feedback you gave, and what Lumen remembers of this
            session: the last pictures, the conversation and the text read last. It cannot be undone.
          </p>
          <div className="actions">
            <button ref={confirmRef} type="button" onClick={() => void forget()}>
              Yes, forget everything
            </button>
            <button type="button" onClick={cancel}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button ref={askRef} type="button" onClick={() => setConfirming(true)}>
            Forget everything…
          </button>
        </div>
      )}
    </section>
  );
}
