import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { NumberField } from '../components/NumberField';

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

const dollars = (usd: number) => (usd > 0 && usd < 0.01 ? 'less than one cent' : `$${usd.toFixed(2)}`);

/** What the cloud has cost this month, and the most it may cost. */
export function spendingSummary(month: { spentUsd: number; limitUsd: number; estimatedUsd?: number }): string {
  const spent = `Spent this month: ${dollars(month.spentUsd)}`;
  const summary = month.limitUsd > 0 ? `${spent} of a ${dollars(month.limitUsd)} limit.` : `${spent}. No limit is set.`;
  if (!month.estimatedUsd || month.estimatedUsd <= 0) return summary;
  return `${summary} Of this, ${dollars(month.estimatedUsd)} is estimated: a model whose price Lumen does not know is counted at the dearest known price.`;
}

/** The monthly spending limit: once reached, nothing more is sent to the cloud until the month ends. */
export function SpendingSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const [edit, setEdit] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [summary, setSummary] = useState('');

  useEffect(() => {
    void window.lumen.usage.get().then((usage) => usage.ok && setSummary(spendingSummary(usage.value.month)));
  }, []);

  const draft = edit ?? (settings ? String(settings.budget.monthlyLimitUsd) : null);
  if (draft === null) return null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const limit = Number(draft.trim());
    if (draft.trim() === '' || !Number.isFinite(limit) || limit < 0 || limit > 10_000) {
      const message = 'The limit must be an amount in dollars from 0 to 10000.';
      setError(message);
      return announce(`The spending limit was not saved. ${message}`, 'assertive');
    }
    const result = await window.lumen.settings.update({ budget: { monthlyLimitUsd: Math.round(limit * 100) / 100 } });
    if (!result.ok) return announce(`The spending limit was not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdit(null);
    setError('');
    const usage = await window.lumen.usage.get();
    const now = usage.ok ? spendingSummary(usage.value.month) : '';
    setSummary(now);
    announce(`Spending limit saved. ${now}`);
  };

  return (
    <section aria-labelledby="spending-heading">
      <h2 id="spending-heading">Spending</h2>
      <p>{summary}</p>
      <form onSubmit={save} noValidate>
        <NumberField
          label="Monthly spending limit, in US dollars"
          hint="0 means no limit. Once the limit is reached, nothing more is sent to the cloud this month; screens are still read aloud offline."
          value={draft}
          onChange={setEdit}
          error={error}
          min={0}
          max={10000}
          step={0.01}
        />
        <div className="actions">
          <button type="submit">Save spending limit</button>
        </div>
      </form>
    </section>
  );
}
