import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { KeyStatus } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';
import { describeKeyStatus } from '../screens/SettingsScreen';
import { useSay } from '../useSay';
import type { StepProps } from './step';

/** Said when the user goes on without a key: what will not work, and what still does. */
export const WITHOUT_KEY =
  'Without a key, describing pictures, questions, the conversation and the OpenAI voice do not work. ' +
  'Reading text aloud works offline. You can add a key in Settings at any time.';

type Check = { state: 'idle' | 'checking' } | { state: 'works' | 'failed'; message: string };

/**
 * The API key: saved, then checked at once against the service. A key that fails the check is not
 * kept silently: the user hears why and chooses to keep or remove it.
 */
export function KeyStep({ onFinished }: Pick<StepProps, 'onFinished'>) {
  const { announce } = useAnnouncer();
  const say = useSay();
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = { input: useId(), status: useId(), error: useId(), failure: useId() };

  useEffect(() => {
    void window.lumen.secrets.status().then((r) => r.ok && setStatus(r.value));
  }, []);

  const checkKey = async () => {
    if (check.state === 'checking') return;
    setCheck({ state: 'checking' });
    announce('Checking the key with the service…');
    const result = await window.lumen.connection.check();
    const report = result.ok ? result.value : { ok: false, message: result.error.message };
    if (report.ok) {
      setCheck({ state: 'works', message: report.message });
      void say(`The key works. ${report.message}`);
    } else {
      setCheck({ state: 'failed', message: report.message });
      void say(`The key did not work. ${report.message} You can keep it or remove it.`);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.secrets.setKey({ key: draft });
    if (!result.ok) {
      setError(result.error.message);
      announce(`The key was not saved. ${result.error.message}`, 'assertive');
      return;
    }
    setDraft('');
    setError('');
    setStatus(result.value);
    await checkKey();
  };

  const remove = async () => {
    const result = await window.lumen.secrets.clearKey();
    if (!result.ok) return announce(`The key was not removed. ${result.error.message}`, 'assertive');
    setStatus(result.value);
    setCheck({ state: 'idle' });
    inputRef.current?.focus();
    void say('The key is removed. Paste another one, or continue without a key.');
  };

  const keep = () => {
    announce('The key is kept. Settings can check it again later.');
    onFinished();
  };

  return (
    <>
      <p>
        Lumen uses an OpenAI API key to describe pictures, answer questions and talk with you. Reading text aloud works
        without one.
      </p>
      <p id={ids.status} data-testid="key-status">
        {status ? describeKeyStatus(status) : 'Checking for an API key…'}
      </p>
      <form onSubmit={save} noValidate>
        <label htmlFor={ids.input}>OpenAI API key</label>
        <input
          ref={inputRef}
          id={ids.input}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${ids.status}${error ? ` ${ids.error}` : ''}`}
        />
        {error && (
          <p id={ids.error} className="field-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit">Save and check the key</button>
          {status?.keySet && (
            <button type="button" onClick={() => void checkKey()}>
              Check the key
            </button>
          )}
        </div>
      </form>
      {check.state === 'works' && (
        <div className="setup-result">
          <p>The key works. {check.message}</p>
          <div className="actions">
            <button type="button" onClick={onFinished}>
              Continue
            </button>
          </div>
        </div>
      )}
      {check.state === 'failed' && (
        <div className="setup-result setup-problem" role="group" aria-labelledby={ids.failure}>
          <p id={ids.failure}>The key did not work. {check.message}</p>
          <div className="actions">
            <button type="button" onClick={keep}>
              Keep the key
            </button>
            <button type="button" onClick={() => void remove()}>
              Remove the key
            </button>
          </div>
        </div>
      )}
    </>
  );
}
