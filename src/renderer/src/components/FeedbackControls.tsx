import { useId, useState } from 'react';
import { useAnnouncer } from '../announcer';
import type { Answer } from './AnswerPanel';

interface Draft {
  /** The answer this feedback is about. */
  id: string | null;
  note: string;
  includePicture: boolean;
  /** What was kept for this answer: right, wrong, or nothing yet. */
  given: boolean | null;
}

const blank = (id: string | null): Draft => ({ id, note: '', includePicture: false, given: null });

function thanks(right: boolean, note: boolean, picture: boolean): string {
  const extras = [note && 'your note', picture && 'the picture'].filter(Boolean).join(' and ');
  return `Thank you. Kept on this computer: the answer was ${right ? 'right' : 'wrong'}${extras ? `, with ${extras}` : ''}.`;
}

/** "Was this right?" for the answer shown; a new answer starts a new draft. */
export function useFeedback(answer: Answer | null) {
  const { announce } = useAnnouncer();
  const id = answer?.id ?? null;
  const [stored, setDraft] = useState<Draft>(() => blank(id));
  const draft = stored.id === id ? stored : blank(id);
  const change = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  /** Keeps the feedback; given again for the same answer, it replaces what was kept. */
  const give = async (right: boolean) => {
    if (!answer) return;
    if (answer.outcome === 'streaming') {
      return announce('The answer is still coming. Say whether it was right once it is complete.');
    }
    const note = draft.note.trim();
    const includePicture = answer.picture && draft.includePicture;
    const result = await window.lumen.feedback.give({ id: answer.id, right, note, includePicture });
    if (!result.ok) return announce(`The feedback was not kept. ${result.error.message}`, 'assertive');
    setDraft((d) => ({ ...(d.id === answer.id ? d : blank(answer.id)), given: right }));
    announce(thanks(right, note !== '', includePicture));
  };

  return {
    ...draft,
    give,
    setNote: (note: string) => change({ note }),
    setIncludePicture: (includePicture: boolean) => change({ includePicture })
  };
}

export type Feedback = ReturnType<typeof useFeedback>;

/** Yes / No (keys Y and N anywhere in the answer panel), an optional note, and "include the picture". */
export function FeedbackControls({ feedback, picture }: { feedback: Feedback; picture: boolean }) {
  const id = useId();
  return (
    <div className="feedback" role="group" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Was this right?</h3>
      <div className="actions">
        <button
          type="button"
          aria-keyshortcuts="Y"
          aria-pressed={feedback.given === true}
          onClick={() => void feedback.give(true)}
        >
          Yes (Y)
        </button>
        <button
          type="button"
          aria-keyshortcuts="N"
          aria-pressed={feedback.given === false}
          onClick={() => void feedback.give(false)}
        >
          No (N)
        </button>
      </div>
      <label htmlFor={`${id}-note`}>Note, if you like</label>
      <textarea
        id={`${id}-note`}
        rows={2}
        maxLength={2000}
        value={feedback.note}
        onChange={(e) => feedback.setNote(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint">
        What was wrong, or right. Write it before choosing Yes or No; choosing again replaces what was kept. Feedback
        stays on this computer.
      </p>
      {picture && (
        <div className="checkbox">
          <input
            id={`${id}-picture`}
            type="checkbox"
            checked={feedback.includePicture}
            onChange={(e) => feedback.setIncludePicture(e.target.checked)}
          />
          <label htmlFor={`${id}-picture`}>Include the picture</label>
        </div>
      )}
      {feedback.given !== null && (
        <p data-testid="feedback-given">Kept: the answer was {feedback.given ? 'right' : 'wrong'}.</p>
      )}
    </div>
  );
}
