import { useId, useState, type FormEvent } from 'react';
import { useAnnouncer } from '../announcer';
import { NumberField } from '../components/NumberField';
import { useSaveSettings, type StepProps } from './step';

/** Enough for a few hundred descriptions a month; the user can change it, or have no limit. */
const SUGGESTED_LIMIT_USD = 10;
const MAX_LIMIT_USD = 10_000;

/** A monthly spending limit, suggested and editable; "No limit" allowed. */
export function SpendingStep({ settings, onSettings, onFinished }: StepProps) {
  const { announce } = useAnnouncer();
  const save = useSaveSettings(onSettings);
  const saved = settings.budget.monthlyLimitUsd;
  const [draft, setDraft] = useState(String(saved > 0 ? saved : SUGGESTED_LIMIT_USD));
  const [noLimit, setNoLimit] = useState(false);
  const [error, setError] = useState('');
  const noLimitId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const limit = noLimit ? 0 : Number(draft.trim());
    if (!noLimit && (draft.trim() === '' || !Number.isFinite(limit) || limit <= 0 || limit > MAX_LIMIT_USD)) {
      const message = `The limit must be an amount in dollars above 0 and up to ${MAX_LIMIT_USD}, or choose No limit.`;
      setError(message);
      return announce(`The spending limit was not saved. ${message}`, 'assertive');
    }
    setError('');
    const usd = Math.round(limit * 100) / 100;
    const said = usd > 0 ? `Spending limit saved: $${usd.toFixed(2)} a month.` : 'No spending limit is set.';
    if (await save({ budget: { monthlyLimitUsd: usd } }, said)) onFinished();
  };

  return (
    <form onSubmit={submit} noValidate>
      <p>
        Describing, questions and the conversation cost a little each time. Once the monthly limit is reached, nothing
        more is sent to the cloud until the month ends; reading text aloud still works.
      </p>
      {!noLimit && (
        <NumberField
          label="Monthly spending limit, in US dollars"
          hint={`Suggested: ${SUGGESTED_LIMIT_USD} dollars.`}
          value={draft}
          onChange={setDraft}
          error={error}
          min={0.01}
          max={MAX_LIMIT_USD}
          step={0.01}
        />
      )}
      <div className="checkbox">
        <input id={noLimitId} type="checkbox" checked={noLimit} onChange={(e) => setNoLimit(e.target.checked)} />
        <label htmlFor={noLimitId}>No limit</label>
      </div>
      <div className="actions">
        <button type="submit">Save and finish setup</button>
      </div>
    </form>
  );
}
