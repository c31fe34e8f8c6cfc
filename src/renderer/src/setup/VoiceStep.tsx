import { useEffect, useId, useState } from 'react';
import type { SpeechProviderChoice } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { useSaveSettings, type StepProps } from './step';

type Offered = 'openai' | 'screen-reader' | 'offline';

interface Voice {
  id: Offered;
  label: string;
  /** As a sentence says it: "Lumen will speak with …". */
  said: string;
  hint: string;
  sample: string;
}

const VOICES: Voice[] = [
  {
    id: 'openai',
    label: 'The OpenAI voice',
    said: 'the OpenAI voice',
    hint: 'A natural voice from the service; needs a working key, and each sentence costs a little.',
    sample: 'This is the OpenAI voice. Lumen can speak to you like this.'
  },
  {
    id: 'screen-reader',
    label: 'My screen reader',
    said: 'your screen reader',
    hint: 'Lumen hands what it says to your screen reader, at your screen reader’s speed.',
    sample: 'This is your screen reader speaking for Lumen.'
  },
  {
    id: 'offline',
    label: 'The offline voice',
    said: 'the offline voice',
    hint: 'Built into Lumen; works without a key or a network.',
    sample: 'This is the offline voice. It works without a key or a network.'
  }
];

/** What "automatic" means now: the OpenAI voice with a working key, else the offline voice. */
const shown = (provider: SpeechProviderChoice, keyWorks: boolean): SpeechProviderChoice =>
  provider === 'auto' ? (keyWorks ? 'openai' : 'offline') : provider;

/** How Lumen speaks: each voice can be tried, and the choice is saved as soon as it is made. */
export function VoiceStep({ settings, onSettings, onFinished }: StepProps) {
  const { announce } = useAnnouncer();
  const save = useSaveSettings(onSettings);
  // Null while asking the service whether the key works.
  const [keyWorks, setKeyWorks] = useState<boolean | null>(null);
  const name = useId();

  useEffect(() => {
    let current = true;
    void (async () => {
      const key = await window.lumen.secrets.status();
      if (!key.ok || !key.value.keySet) return current && setKeyWorks(false);
      const check = await window.lumen.connection.check();
      if (current) setKeyWorks(check.ok && check.value.ok);
    })();
    return () => {
      current = false;
    };
  }, []);

  const chosen = shown(settings.speech.provider, keyWorks ?? false);
  const choose = (voice: Voice) =>
    void save({ speech: { provider: voice.id } }, `Lumen will speak with ${voice.said}.`);

  const tryVoice = async (voice: Voice) => {
    const result = await window.lumen.speech.speak({ text: voice.sample, provider: voice.id, urgent: true });
    if (!result.ok) announce(result.error.message, 'assertive');
  };

  return (
    <>
      <fieldset className="setup-choices">
        <legend>Lumen speaks with</legend>
        {keyWorks === false && (
          <p className="hint">The OpenAI voice needs a working key, so it cannot be chosen now.</p>
        )}
        <ul>
          {VOICES.map((voice) => {
            const unusable = voice.id === 'openai' && !keyWorks;
            return (
              <li key={voice.id}>
                <div className="checkbox">
                  <input
                    id={`${name}-${voice.id}`}
                    type="radio"
                    name={name}
                    value={voice.id}
                    checked={chosen === voice.id}
                    disabled={unusable}
                    onChange={() => choose(voice)}
                    aria-describedby={`${name}-${voice.id}-hint`}
                  />
                  <label htmlFor={`${name}-${voice.id}`}>{voice.label}</label>
                </div>
                <p id={`${name}-${voice.id}-hint`} className="hint">
                  {voice.hint}
                </p>
                <button type="button" disabled={unusable} onClick={() => void tryVoice(voice)}>
                  Try {voice.said}
                </button>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="actions">
        <button type="button" onClick={onFinished}>
          Continue
        </button>
      </div>
    </>
  );
}
