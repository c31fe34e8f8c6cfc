import { useId, useState, type FormEvent } from 'react';
import { MODEL_ROLES, type ModelRole, type Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { catalogueSummary, inUseSummary, ROLE_LABELS, useModelsStatus, type RoleStatus } from '../models';

type Models = Settings['models'];

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

/** What "Lumen chooses" picks now. */
const automaticLabel = (role: RoleStatus) =>
  role.automatic ? `Lumen chooses (now ${role.automatic})` : 'Lumen chooses';

/** The model for each job Lumen uses the cloud for: Lumen's pick, or one the service offers. */
export function ModelSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const { status, problem, refresh } = useModelsStatus(settings ? JSON.stringify(settings.models) : '');
  // Unsaved choices; a job not in here shows what is saved.
  const [edits, setEdits] = useState<Partial<Models>>({});
  const baseId = useId();
  const idOf = (role: ModelRole, part: 'select' | 'hint') => `${baseId}-${role}-${part}`;

  const heading = <h2 id="models-heading">Models</h2>;
  if (!settings || !status) {
    return (
      <section aria-labelledby="models-heading">
        {heading}
        <p>
          {problem ? `Lumen could not say which models it uses. ${problem}` : 'Finding out which models are in use…'}
        </p>
      </section>
    );
  }
  const draft: Models = { ...settings.models, ...edits };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.settings.update({ models: draft });
    if (!result.ok) return announce(`Model settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdits({});
    await refresh();
    announce('Model settings saved.');
  };

  return (
    <section aria-labelledby="models-heading">
      {heading}
      <p data-testid="models-source">{catalogueSummary(status.catalogue)}</p>
      <form onSubmit={save}>
        {MODEL_ROLES.map((name) => {
          const role = status.roles.find((r) => r.role === name);
          if (!role) return null;
          const offered = new Set(role.choices.map((c) => c.id));
          // A saved (or picked) model the service no longer offers stays, so it is not lost unseen.
          const missing = [...new Set([settings.models[name], draft[name]])].filter((id) => id && !offered.has(id));
          return (
            <div className="model-role" key={name}>
              <label htmlFor={idOf(name, 'select')}>{ROLE_LABELS[name]}</label>
              <select
                id={idOf(name, 'select')}
                className="model-select"
                value={draft[name]}
                onChange={(e) => setEdits({ ...edits, [name]: e.target.value })}
                aria-describedby={idOf(name, 'hint')}
              >
                <option value="">{automaticLabel(role)}</option>
                {role.choices.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.note ? `${c.id} — ${c.note}` : c.id}
                  </option>
                ))}
                {missing.map((id) => (
                  <option key={id} value={id}>
                    {/* In use means the service has it, though Lumen does not suggest it for this job. */}
                    {id === role.inUse ? `${id} (your choice)` : `${id} (not offered by the service now)`}
                  </option>
                ))}
              </select>
              <p id={idOf(name, 'hint')} className="hint">
                {inUseSummary(role)}
              </p>
            </div>
          );
        })}
        <div className="actions">
          <button type="submit">Save model settings</button>
        </div>
      </form>
    </section>
  );
}
