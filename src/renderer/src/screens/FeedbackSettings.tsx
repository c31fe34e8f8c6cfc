import { useCallback, useEffect, useRef, useState } from 'react';
import type { FeedbackEntry } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';

const when = (at: string) => new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Saves text as a file where the browser (or the desktop app) puts downloads. */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; the next task is late enough to let go.
  setTimeout(() => URL.revokeObjectURL(url));
}

const count = (n: number) => `${n} ${n === 1 ? 'piece' : 'pieces'} of feedback`;

/**
 * The feedback given on answers ("Was this right?"), kept on this computer only: listed, exported as
 * one JSON file of evaluation cases, and deleted one by one or all at once.
 */
export function FeedbackSettings() {
  const { announce } = useAnnouncer();
  const [entries, setEntries] = useState<FeedbackEntry[] | null>(null);
  const [confirming, setConfirming] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const askRef = useRef<HTMLButtonElement>(null);
  // Focus goes to the confirmation when it opens, and back to the button that opened it after.
  const opened = useRef(false);

  const refresh = useCallback(
    () => void window.lumen.feedback.list().then((result) => result.ok && setEntries(result.value.entries)),
    []
  );
  useEffect(() => refresh(), [refresh]);
  useEffect(() => window.lumen.on('feedback.changed', refresh), [refresh]);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (opened.current) (askRef.current ?? headingRef.current)?.focus();
    opened.current = confirming;
  }, [confirming]);

  const exportAll = async () => {
    const result = await window.lumen.feedback.export();
    if (!result.ok) return announce(`The feedback was not exported. ${result.error.message}`, 'assertive');
    const name = `lumen-feedback-${new Date().toISOString().slice(0, 10)}.json`;
    download(name, `${JSON.stringify(result.value, null, 2)}\n`);
    announce(`Exported ${count(result.value.cases.length)} as ${name}, in your downloads.`);
  };

  const remove = async (entry: FeedbackEntry) => {
    const result = await window.lumen.feedback.delete({ id: entry.id });
    if (!result.ok) return announce(`The feedback was not deleted. ${result.error.message}`, 'assertive');
    // Its button is gone: focus goes to the section, not to nowhere.
    headingRef.current?.focus();
    announce(`Deleted the feedback on: ${entry.question}`);
  };

  const removeAll = async () => {
    const result = await window.lumen.feedback.delete({ all: true });
    // Emptied at once, so focus, leaving the confirmation, finds the heading rather than a button about to go.
    if (result.ok) setEntries([]);
    setConfirming(false);
    if (!result.ok) return announce(`Nothing was deleted. ${result.error.message}`, 'assertive');
    announce(`Deleted ${count(result.value.deleted)}.`);
  };

  const cancel = () => {
    setConfirming(false);
    announce('Nothing was deleted.');
  };

  const list = entries ?? [];
  return (
    <section aria-labelledby="feedback-heading">
      <h2 id="feedback-heading" ref={headingRef} tabIndex={-1}>
        Feedback
      </h2>
      <p>
        What you said about answers (“Was this right?”), kept on this computer only. A picture is kept only when you
        ticked “Include the picture”. Export saves it all as one file of test cases, to improve Lumen’s answers.
      </p>
      {entries && list.length === 0 && <p>No feedback is kept.</p>}
      {list.length > 0 && (
        <ol className="history" aria-label={`Feedback, ${count(list.length)}, newest first`}>
          {list.map((entry) => (
            <li key={entry.id}>
              <p className="history-meta">
                {entry.right ? 'Right' : 'Wrong'}, {when(entry.at)}, {entry.model || 'no model'}
                {entry.hasPicture ? ', with the picture' : ''}
              </p>
              <p>{entry.question}</p>
              <p>{entry.answer}</p>
              {entry.note && <p>Note: {entry.note}</p>}
              <button
                type="button"
                aria-label={`Delete the feedback on: ${entry.question}, ${when(entry.at)}`}
                onClick={() => void remove(entry)}
              >
                Delete
              </button>
            </li>
          ))}
        </ol>
      )}
      {confirming ? (
        <div role="group" aria-labelledby="feedback-delete-question" className="confirm">
          <p id="feedback-delete-question">Delete all {count(list.length)}? It cannot be undone.</p>
          <div className="actions">
            <button ref={confirmRef} type="button" onClick={() => void removeAll()}>
              Yes, delete all feedback
            </button>
            <button type="button" onClick={cancel}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        list.length > 0 && (
          <div className="actions">
            <button type="button" onClick={() => void exportAll()}>
              Export feedback
            </button>
            <button ref={askRef} type="button" onClick={() => setConfirming(true)}>
              Delete all feedback…
            </button>
          </div>
        )
      )}
    </section>
  );
}
