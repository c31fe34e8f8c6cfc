import { useId, type ReactNode } from 'react';

interface Props {
  label: string;
  hint: ReactNode;
  value: string;
  onChange(value: string): void;
  /** Shown under the field and tied to it; empty when the value is fine. */
  error: string;
  min: number;
  max: number;
  step: number;
}

/** A labelled number field with its hint, and its error said and marked on the field. */
export function NumberField({ label, hint, value, onChange, error, min, max, step }: Props) {
  const ids = { input: useId(), hint: useId(), error: useId() };
  return (
    <>
      <label htmlFor={ids.input}>{label}</label>
      <p id={ids.hint} className="hint">
        {hint}
      </p>
      <input
        id={ids.input}
        type="number"
        inputMode={Number.isInteger(step) ? 'numeric' : 'decimal'}
        min={min}
        max={max}
        step={step}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${ids.hint}${error ? ` ${ids.error}` : ''}`}
        aria-invalid={error ? true : undefined}
      />
      {error && (
        <p id={ids.error} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}
