import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

type Language = { code: string; name: string };

/** The language screen text is read in: English, plus every language whose data package is installed. */
export function ReadingSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const [installed, setInstalled] = useState<Language[] | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const languageId = useId();
  const hintId = useId();

  useEffect(() => {
    void window.lumen.read.languages().then((r) => setInstalled(r.ok ? r.value.installed : []));
  }, []);

  if (!settings) return null;
  const language = draft ?? settings.reading.language;
  const nameOf = (code: string) => installed?.find((l) => l.code === code)?.name ?? code;
  const missing = installed !== null && !installed.some((l) => l.code === language);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.settings.update({ reading: { language } });
    if (!result.ok) return announce(`Reading settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setDraft(null);
    announce(`Reading settings saved. Screen text is read in ${nameOf(result.value.reading.language)}.`);
  };

  return (
    <section aria-labelledby="reading-settings-heading">
      <h2 id="reading-settings-heading">Reading text</h2>
      <form onSubmit={save}>
        <label htmlFor={languageId}>Language of screen text</label>
        <select id={languageId} value={language} aria-describedby={hintId} onChange={(e) => setDraft(e.target.value)}>
          {(installed ?? []).map((l) => (
            <option key={l.code} value={l.code}>
              {l.name}
            </option>
          ))}
          {(installed === null || missing) && (
            <option value={language}>{missing ? `${language} (not installed)` : nameOf(language)}</option>
          )}
        </select>
        <p id={hintId} className="hint">
          Lists the languages installed on this computer. To add one, install its package, for example
          @tesseract.js-data/deu for German.
        </p>
        <div className="actions">
          <button type="submit">Save reading settings</button>
        </div>
      </form>
    </section>
  );
}
