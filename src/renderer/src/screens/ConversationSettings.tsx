import { useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { NumberField } from '../components/NumberField';

type ConversationChoice = Settings['conversation'];

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

const MODES: Array<[ConversationChoice['mode'], string]> = [
  ['hands-free', 'Hands-free: Lumen answers when you pause'],
  ['push-to-talk', 'Push to talk: hold the talk button while you speak']
];

const TURNS: Array<[ConversationChoice['turnDetection'], string]> = [
  ['server_vad', 'After a short pause'],
  ['semantic_vad', 'When what you said sounds finished (waits a little longer)']
];

/** The spoken conversation: how turns are taken, when it closes itself, and captions. */
export function ConversationSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  // Unsaved edits; null means "show what is saved". Minutes stay text while typed.
  const [edits, setEdits] = useState<(Omit<ConversationChoice, 'idleMinutes'> & { idleMinutes: string }) | null>(null);
  const [error, setError] = useState('');
  const ids = {
    mode: useId(),
    turns: useId(),
    captions: useId()
  };
  const draft =
    edits ?? (settings ? { ...settings.conversation, idleMinutes: String(settings.conversation.idleMinutes) } : null);
  if (!draft) return null;
  const set = <K extends keyof typeof draft>(key: K, value: (typeof draft)[K]) => setEdits({ ...draft, [key]: value });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const minutes = Number(draft.idleMinutes.trim());
    if (draft.idleMinutes.trim() === '' || !Number.isInteger(minutes) || minutes < 0 || minutes > 120) {
      const message = 'Quiet minutes must be a whole number from 0 to 120.';
      setError(message);
      return announce(`Conversation settings were not saved. ${message}`, 'assertive');
    }
    const result = await window.lumen.settings.update({ conversation: { ...draft, idleMinutes: minutes } });
    if (!result.ok) return announce(`Conversation settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdits(null);
    setError('');
    announce('Conversation settings saved.');
  };

  return (
    <section aria-labelledby="voice-settings-heading">
      <h2 id="voice-settings-heading">Conversation</h2>
      <form onSubmit={save} noValidate>
        <label htmlFor={ids.mode}>How you take turns</label>
        <select
          id={ids.mode}
          value={draft.mode}
          onChange={(e) => set('mode', e.target.value as ConversationChoice['mode'])}
        >
          {MODES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <label htmlFor={ids.turns}>In hands-free mode, Lumen answers</label>
        <select
          id={ids.turns}
          value={draft.turnDetection}
          onChange={(e) => set('turnDetection', e.target.value as ConversationChoice['turnDetection'])}
        >
          {TURNS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <NumberField
          label="Quiet minutes before the conversation ends itself"
          hint="From 0 to 120; 0 keeps it open until you end it."
          value={draft.idleMinutes}
          onChange={(value) => set('idleMinutes', value)}
          error={error}
          min={0}
          max={120}
          step={1}
        />
        <div className="checkbox">
          <input
            id={ids.captions}
            type="checkbox"
            checked={draft.captions}
            onChange={(e) => set('captions', e.target.checked)}
          />
          <label htmlFor={ids.captions}>Show captions of what you and Lumen say</label>
        </div>
        <div className="actions">
          <button type="submit">Save conversation settings</button>
        </div>
      </form>
    </section>
  );
}
