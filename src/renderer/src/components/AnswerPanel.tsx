import { useEffect, useReducer, useState, type KeyboardEvent } from 'react';
import type { EventPayload } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';
import { FeedbackControls, useFeedback } from './FeedbackControls';
import { PictureViewer } from './PictureViewer';

export interface Answer {
  id: string;
  question: string;
  /** A picture went with it: "Show picture" can show it. */
  picture: boolean;
  text: string;
  outcome: 'streaming' | 'complete' | 'stopped' | 'failed';
}

/** The latest answer, and after "Ask again" the one it repeats, to compare. */
export interface Answers {
  current: Answer | null;
  earlier: Answer | null;
}

export type AnswerEvent =
  | { type: 'started'; payload: EventPayload<'answer.started'> }
  | { type: 'delta'; payload: EventPayload<'answer.delta'> }
  | { type: 'done'; payload: EventPayload<'answer.done'> };

const update = (answer: Answer | null, id: string, change: (a: Answer) => Answer) =>
  answer?.id === id ? change(answer) : answer;

/**
 * Whatever asked (a button, a hotkey, the question form), the newest answer is shown. A late event
 * of an answer that was replaced (a stopped answer's "done") changes only that answer.
 */
export function answersReducer(state: Answers, event: AnswerEvent): Answers {
  switch (event.type) {
    case 'started': {
      const { id, question, picture, again } = event.payload;
      const repeated = [state.current, state.earlier].find((a) => a && a.id === again) ?? null;
      return { current: { id, question, picture, text: '', outcome: 'streaming' }, earlier: repeated };
    }
    case 'delta': {
      const { id, text } = event.payload;
      return { ...state, current: update(state.current, id, (a) => ({ ...a, text: a.text + text })) };
    }
    case 'done': {
      const { id, text, outcome } = event.payload;
      const finish = (a: Answer): Answer => ({ ...a, text, outcome });
      return { current: update(state.current, id, finish), earlier: update(state.earlier, id, finish) };
    }
  }
}

const shownText = (answer: Answer) =>
  answer.text ||
  { streaming: 'Working…', complete: '', stopped: '', failed: 'No answer: Recent messages say why.' }[answer.outcome];

/**
 * The latest answer, as it streams in, with what can be done with it: hear it again, copy it, ask
 * for more detail, ask again (the earlier answer stays below to compare), look at the picture that
 * was sent, and say whether it was right.
 */
export function AnswerPanel() {
  const { announce } = useAnnouncer();
  const [{ current, earlier }, dispatch] = useReducer(answersReducer, { current: null, earlier: null });
  const [viewing, setViewing] = useState<{ image: Uint8Array; question: string } | null>(null);
  const feedback = useFeedback(current);

  useEffect(() => {
    const lumen = window.lumen;
    const offs = [
      lumen.on('answer.started', (payload) => dispatch({ type: 'started', payload })),
      lumen.on('answer.delta', (payload) => dispatch({ type: 'delta', payload })),
      lumen.on('answer.done', (payload) => dispatch({ type: 'done', payload }))
    ];
    return () => offs.forEach((off) => off());
  }, []);

  if (!current) return null;

  const repeat = async () => {
    const result = await window.lumen.speech.control({ action: 'repeat' });
    announce(result.ok ? 'Repeating the answer.' : result.error.message, result.ok ? 'polite' : 'assertive');
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(current.text);
      announce('Copied the answer.');
    } catch {
      announce('The answer could not be copied: this window may not use the clipboard.', 'assertive');
    }
  };
  const more = async () => {
    const result = await window.lumen.describe.more();
    announce(result.ok ? 'Asking for more detail.' : result.error.message, result.ok ? 'polite' : 'assertive');
  };
  const askAgain = async () => {
    const result = await window.lumen.describe.again({ id: current.id });
    if (!result.ok) return announce(result.error.message, 'assertive');
    announce('Asking again. The earlier answer stays below, to compare.');
  };
  const showPicture = async () => {
    const result = await window.lumen.answer.picture({ id: current.id });
    if (!result.ok) return announce(result.error.message, 'assertive');
    setViewing({ image: result.value.image, question: current.question });
  };
  const closePicture = () => {
    setViewing(null);
    announce('Picture closed.');
  };

  // One key each for "Was this right?", wherever focus is in the panel, except while typing.
  const onKeyDown = (e: KeyboardEvent) => {
    const typing = e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement;
    if (typing && (e.target as HTMLInputElement).type !== 'checkbox') return;
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const right = { y: true, n: false }[e.key.toLowerCase()];
    if (right === undefined) return;
    e.preventDefault();
    void feedback.give(right);
  };

  return (
    <>
      <section aria-labelledby="answer-heading" className="answer-panel" onKeyDown={onKeyDown}>
        <h2 id="answer-heading">Answer</h2>
        <article className="answer" aria-label="Latest answer">
          <p className="answer-question">{current.question}</p>
          <p className="answer-text" data-testid="answer-text" aria-busy={current.outcome === 'streaming'}>
            {shownText(current)}
          </p>
          {current.outcome === 'stopped' && <p>Stopped.</p>}
        </article>
        <div className="actions" role="group" aria-label="Answer actions">
          <button type="button" onClick={() => void repeat()}>
            Repeat
          </button>
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
          <button type="button" onClick={() => void more()}>
            More detail
          </button>
          <button type="button" onClick={() => void askAgain()}>
            Ask again
          </button>
          {current.picture && (
            <button type="button" onClick={() => void showPicture()}>
              Show picture
            </button>
          )}
        </div>
        <FeedbackControls feedback={feedback} picture={current.picture} />
        {earlier && (
          <article className="answer answer-earlier" aria-labelledby="earlier-answer-heading">
            <h3 id="earlier-answer-heading">Earlier answer</h3>
            <p className="answer-text" data-testid="earlier-answer-text">
              {shownText(earlier)}
            </p>
          </article>
        )}
      </section>
      {viewing && <PictureViewer image={viewing.image} question={viewing.question} onClose={closePicture} />}
    </>
  );
}
