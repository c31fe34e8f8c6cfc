import { useEffect, useId, useState, type FormEvent } from 'react';
import type { SpeechState } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';

type Answer = { id: string; text: string; outcome: 'streaming' | 'complete' | 'stopped' | 'failed' };

/**
 * The answer, and a typed question about it; the answer streams in as text and is spoken sentence
 * by sentence. Stop is the app's one Stop, in the header.
 */
export function AskPanel({ speech, onMoreDetail }: { speech: SpeechState | null; onMoreDetail(): void }) {
  const { announce } = useAnnouncer();
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const inputId = useId();

  useEffect(() => {
    const lumen = window.lumen;
    const offs = [
      // Whatever asked (this form, a describe command, a hotkey), the newest answer is shown.
      lumen.on('answer.delta', ({ id, text }) => {
        setAnswer((a) => (a && a.id === id ? { ...a, text: a.text + text } : { id, text, outcome: 'streaming' }));
      }),
      // A stopped answer's late "done" must not replace the newer answer already streaming.
      lumen.on('answer.done', ({ id, text, outcome }) => {
        setAnswer((a) => (a && a.id !== id && a.outcome === 'streaming' ? a : { id, text, outcome }));
      })
    ];
    return () => offs.forEach((off) => off());
  }, []);

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.assistant.ask({ question });
    if (!result.ok) return announce(result.error.message, 'assertive');
    setAnswer({ id: result.value.id, text: '', outcome: 'streaming' });
  };

  const control = (action: 'pause' | 'resume' | 'skip' | 'repeat' | 'spell' | 'slowly') => async () => {
    const result = await window.lumen.speech.control({ action });
    if (!result.ok) announce(result.error.message, 'assertive');
  };

  return (
    <section aria-labelledby="ask-heading">
      <h2 id="ask-heading">Answer</h2>
      <form onSubmit={ask}>
        <label htmlFor={inputId}>Question</label>
        <input
          id={inputId}
          type="text"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          autoComplete="off"
        />
        <div className="actions">
          <button type="submit">Ask</button>
        </div>
      </form>
      <div className="actions" role="group" aria-label="Speech">
        {speech?.paused ? (
          <button type="button" onClick={control('resume')}>
            Resume
          </button>
        ) : (
          <button type="button" onClick={control('pause')}>
            Pause
          </button>
        )}
        <button type="button" onClick={control('skip')}>
          Skip
        </button>
        <button type="button" onClick={control('repeat')}>
          Repeat
        </button>
        <button type="button" onClick={onMoreDetail}>
          More detail
        </button>
        <button type="button" onClick={control('spell')}>
          Spell
        </button>
        <button type="button" onClick={control('slowly')}>
          Read slowly
        </button>
      </div>
      {answer && (
        <article aria-labelledby="answer-heading" className="answer">
          <h3 id="answer-heading">Answer</h3>
          <p className="answer-text" data-testid="answer-text" aria-busy={answer.outcome === 'streaming'}>
            {answer.text || (answer.outcome === 'streaming' ? 'Working…' : '')}
          </p>
          {answer.outcome === 'stopped' && <p>Stopped.</p>}
        </article>
      )}
    </section>
  );
}
