import { useEffect, useId, useState, type FormEvent } from 'react';
import type { FramingCues, Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

type Language = { code: string; name: string };

/** The framing cue choices, as offered and as said when chosen. */
const FRAMING_CHOICES: Array<{ value: FramingCues; label: string; said: string }> = [
  { value: 'words', label: 'Words: "Move the page right", "Hold still"', said: 'in words' },
  { value: 'sounds', label: 'Sounds: a short tone that rises as the page is better framed', said: 'as a rising tone' },
  { value: 'both', label: 'Both words and sounds', said: 'in words and as a rising tone' }
];

/** The language screen text is read in: English, plus every language whose data package is installed. */
export function ReadingSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const [installed, setInstalled] = useState<Language[] | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const languageId = useId();
  const hintId = useId();
  const framingName = useId();
  // The choice shown checked at once, while it is saved.
  const [framingChosen, setFramingChosen] = useState<FramingCues | null>(null);

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

  // Saved as soon as it is chosen, and said, so it can be tried at once.
  const chooseFraming = async (framingCues: FramingCues) => {
    setFramingChosen(framingCues);
    const result = await window.lumen.settings.update({ reading: { framingCues } });
    setFramingChosen(null);
    if (!result.ok) return announce(`Framing cues were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    const said = FRAMING_CHOICES.find((c) => c.value === framingCues)?.said;
    announce(`Framing cues saved: reading with the camera tells you where the page is ${said}.`);
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
      <fieldset>
        <legend>Framing cues when reading with the camera</legend>
        {FRAMING_CHOICES.map(({ value, label }) => (
          <div className="checkbox" key={value}>
            <input
              id={`${framingName}-${value}`}
              type="radio"
              name={framingName}
              value={value}
              checked={(framingChosen ?? settings.reading.framingCues) === value}
              onChange={() => void chooseFraming(value)}
            />
            <label htmlFor={`${framingName}-${value}`}>{label}</label>
          </div>
        ))}
      </fieldset>
    </section>
  );
}
