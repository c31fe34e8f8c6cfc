import { useId, useState, type FormEvent } from 'react';
import type { Settings, SpeechProviderChoice, SpeechSettings as Speech } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';

const PROVIDERS: Array<[SpeechProviderChoice, string]> = [
  ['auto', 'Automatic: the OpenAI voice with a key, otherwise the offline voice'],
  ['openai', 'OpenAI voice'],
  ['system', 'System voice'],
  ['screen-reader', 'My screen reader'],
  ['offline', 'Offline voice']
];
const OPENAI_VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'];

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

export function SpeechSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  // Unsaved edits; null means "show what is saved".
  const [edits, setEdits] = useState<Speech | null>(null);
  const draft = edits ?? settings?.speech ?? null;
  const ids = {
    provider: useId(),
    rate: useId(),
    volume: useId(),
    voice: useId(),
    openai: useId(),
    lang: useId(),
    earcons: useId()
  };

  if (!draft) return null;
  const set = <K extends keyof Speech>(key: K, value: Speech[K]) => setEdits({ ...draft, [key]: value });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.settings.update({ speech: draft });
    if (!result.ok) return announce(`Speech settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdits(null);
    announce('Speech settings saved.');
  };

  const test = async () => {
    const result = await window.lumen.speech.speak({ text: 'This is how Lumen sounds. Press Escape to stop me.' });
    if (!result.ok) announce(result.error.message, 'assertive');
  };

  return (
    <section aria-labelledby="speech-heading">
      <h2 id="speech-heading">Speech</h2>
      <form onSubmit={save}>
        <label htmlFor={ids.provider}>Voice</label>
        <select
          id={ids.provider}
          value={draft.provider}
          onChange={(e) => set('provider', e.target.value as SpeechProviderChoice)}
        >
          {PROVIDERS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.rate}>Speaking rate (0.5 to 2)</label>
        <input
          id={ids.rate}
          type="number"
          min={0.5}
          max={2}
          step={0.1}
          value={draft.rate}
          onChange={(e) => set('rate', Number(e.target.value))}
        />
        <label htmlFor={ids.volume}>Volume (0 to 100 percent)</label>
        <input
          id={ids.volume}
          type="number"
          min={0}
          max={100}
          step={5}
          value={Math.round(draft.volume * 100)}
          onChange={(e) => set('volume', Number(e.target.value) / 100)}
        />
        <label htmlFor={ids.openai}>OpenAI voice</label>
        <select id={ids.openai} value={draft.openaiVoice} onChange={(e) => set('openaiVoice', e.target.value)}>
          {OPENAI_VOICES.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
        <label htmlFor={ids.voice}>System or offline voice name (empty for the default)</label>
        <input id={ids.voice} type="text" value={draft.voice} onChange={(e) => set('voice', e.target.value)} />
        <label htmlFor={ids.lang}>Language of speech, for example en-US (empty for the default)</label>
        <input id={ids.lang} type="text" value={draft.language} onChange={(e) => set('language', e.target.value)} />
        <div className="checkbox">
          <input
            id={ids.earcons}
            type="checkbox"
            checked={draft.earcons}
            onChange={(e) => set('earcons', e.target.checked)}
          />
          <label htmlFor={ids.earcons}>Play short sounds while working and when done</label>
        </div>
        <div className="actions">
          <button type="submit">Save speech settings</button>
          <button type="button" onClick={test}>
            Test voice
          </button>
        </div>
      </form>
    </section>
  );
}
