import { useId, useState, type FormEvent } from 'react';
import type { SpeechState } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';

/**
 * A typed question, about the answer's picture if it had one; the answer panel shows the answer as it
 * streams in, and it is spoken sentence by sentence. Stop is the app's one Stop, in the header.
 */
export function AskPanel({ speech }: { speech: SpeechState | null }) {
  const { announce } = useAnnouncer();
  const [question, setQuestion] = useState('');
  const inputId = useId();

  const ask = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.assistant.ask({ question });
    if (!result.ok) announce(result.error.message, 'assertive');
  };

  const control = (action: 'pause' | 'resume' | 'skip' | 'spell' | 'slowly') => async () => {
    const result = await window.lumen.speech.control({ action });
    if (!result.ok) announce(result.error.message, 'assertive');
  };

  return (
    <section aria-labelledby="ask-heading">
      <h2 id="ask-heading">Ask Lumen</h2>
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
        <button type="button" onClick={control('spell')}>
          Spell
        </button>
        <button type="button" onClick={control('slowly')}>
          Read slowly
        </button>
      </div>
    </section>
  );
}
