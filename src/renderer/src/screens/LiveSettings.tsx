import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { NumberField } from '../components/NumberField';

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

type Field = keyof Settings['live'];

const FIELDS: Array<{ field: Field; label: string; hint: string; min: number; max: number; step: number }> = [
  {
    field: 'framesPerSecond',
    label: 'Camera frames looked at each second',
    hint: 'From 1 to 4. Frames are compared on this computer; a picture is sent only when the scene changed.',
    min: 1,
    max: 4,
    step: 1
  },
  {
    field: 'sessionMinutes',
    label: 'Longest live session, in minutes',
    hint: 'Live description stops itself after this long and says so. 0 means no limit.',
    min: 0,
    max: 240,
    step: 1
  },
  {
    field: 'sessionUsd',
    label: 'Most one live session may cost, in US dollars',
    hint: 'Live description stops itself once it has cost this much. 0 means no limit; the monthly limit still applies.',
    min: 0,
    max: 100,
    step: 0.01
  },
  {
    field: 'quietMinutes',
    label: 'Minutes with nothing changing before live description stops',
    hint: '0 keeps it on however quiet the scene is.',
    min: 0,
    max: 120,
    step: 1
  }
];

/** Live description's pace and its limits for one session. */
export function LiveSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const [edits, setEdits] = useState<Partial<Record<Field, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  if (!settings) return null;
  const value = (field: Field) => edits[field] ?? String(settings.live[field]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    const patch: Partial<Settings['live']> = {};
    for (const { field, label, min, max, step } of FIELDS) {
      const text = value(field).trim();
      const number = Number(text);
      const whole = step >= 1 ? Number.isInteger(number) : true;
      if (text === '' || !Number.isFinite(number) || number < min || number > max || !whole) {
        found[field] = `${label} must be ${step >= 1 ? 'a whole number' : 'an amount'} from ${min} to ${max}.`;
      } else {
        patch[field] = number;
      }
    }
    setErrors(found);
    const problems = Object.values(found);
    if (problems.length)
      return announce(`Live description settings were not saved. ${problems.join(' ')}`, 'assertive');
    const result = await window.lumen.settings.update({ live: patch });
    if (!result.ok) return announce(`Live description settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdits({});
    announce('Live description settings saved.');
  };

  return (
    <section aria-labelledby="live-settings-heading">
      <h2 id="live-settings-heading">Live description</h2>
      <form onSubmit={save} noValidate>
        {FIELDS.map(({ field, label, hint, min, max, step }) => (
          <NumberField
            key={field}
            label={label}
            hint={hint}
            value={value(field)}
            onChange={(v) => setEdits((old) => ({ ...old, [field]: v }))}
            error={errors[field] ?? ''}
            min={min}
            max={max}
            step={step}
          />
        ))}
        <div className="actions">
          <button type="submit">Save live description settings</button>
        </div>
      </form>
    </section>
  );
}
