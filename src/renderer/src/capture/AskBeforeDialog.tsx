import { useEffect, useId, useRef, useState } from 'react';
import type { DescribeSource } from './useDescribe';

interface Props {
  onAsk(source: DescribeSource, question: string): void;
  onClose(): void;
}

/** Type the question first, then choose what to look at: the answer keeps the question in focus. */
export function AskBeforeDialog({ onAsk, onClose }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [question, setQuestion] = useState('');
  const id = useId();
  useEffect(() => dialog.current?.showModal(), []);
  const ask = (source: DescribeSource) => {
    if (question.trim()) onAsk(source, question.trim());
  };
  return (
    <dialog
      ref={dialog}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Ask before describing</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask('screen');
        }}
      >
        <label htmlFor={`${id}-q`}>Your question</label>
        <input id={`${id}-q`} type="text" value={question} onChange={(e) => setQuestion(e.target.value)} autoFocus />
        <div className="actions">
          <button type="button" onClick={() => ask('camera')}>
            Ask about the camera view
          </button>
          <button type="submit">Ask about the screen</button>
          <button type="button" onClick={() => ask('window')}>
            Ask about the active window
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
