import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { listCameras } from '../capture/camera';

type Assistant = Settings['assistant'];
type Capture = Settings['capture'];

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

/** The camera to use, and how answers about pictures are given. */
export function DescribeSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const [cameras, setCameras] = useState<Array<{ id: string; label: string }>>([]);
  const [displays, setDisplays] = useState<Array<{ id: string; name: string; primary: boolean }>>([]);
  const [edits, setEdits] = useState<{ assistant: Assistant; capture: Capture } | null>(null);
  const ids = {
    camera: useId(),
    display: useId(),
    detail: useId(),
    verbosity: useId(),
    language: useId(),
    think: useId()
  };
  const draft = edits ?? (settings ? { assistant: settings.assistant, capture: settings.capture } : null);

  useEffect(() => {
    void listCameras().then(setCameras);
    // Only the desktop app captures displays itself; in a browser the browser asks which screen.
    void window.lumen.screen.displays().then((r) => r.ok && r.value.supported && setDisplays(r.value.displays));
  }, []);

  if (!draft) return null;
  const setAssistant = (patch: Partial<Assistant>) =>
    setEdits({ ...draft, assistant: { ...draft.assistant, ...patch } });

  const chooseCamera = (id: string) => {
    const label = cameras.find((c) => c.id === id)?.label ?? '';
    setEdits({ ...draft, capture: { ...draft.capture, cameraId: id, cameraLabel: id ? label : '' } });
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.settings.update({
      capture: draft.capture,
      assistant: {
        detail: draft.assistant.detail,
        verbosity: draft.assistant.verbosity,
        language: draft.assistant.language,
        thinkLonger: draft.assistant.thinkLonger
      }
    });
    if (!result.ok) return announce(`Description settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdits(null);
    announce('Description settings saved.');
  };

  const savedCameraMissing = draft.capture.cameraId !== '' && !cameras.some((c) => c.id === draft.capture.cameraId);
  return (
    <section aria-labelledby="describe-heading">
      <h2 id="describe-heading">Describing</h2>
      <form onSubmit={save}>
        <label htmlFor={ids.camera}>Camera</label>
        <select id={ids.camera} value={draft.capture.cameraId} onChange={(e) => chooseCamera(e.target.value)}>
          <option value="">Default camera</option>
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
          {savedCameraMissing && (
            <option
              value={draft.capture.cameraId}
            >{`${draft.capture.cameraLabel || 'Chosen camera'} (not connected)`}</option>
          )}
        </select>
        {displays.length > 1 && (
          <>
            <label htmlFor={ids.display}>Screen to describe</label>
            <select
              id={ids.display}
              value={draft.capture.displayId}
              onChange={(e) => setEdits({ ...draft, capture: { ...draft.capture, displayId: e.target.value } })}
            >
              <option value="">The main screen</option>
              {displays.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.primary ? `${d.name} (main)` : d.name}
                </option>
              ))}
            </select>
          </>
        )}
        <label htmlFor={ids.verbosity}>How much to say</label>
        <select
          id={ids.verbosity}
          value={draft.assistant.verbosity}
          onChange={(e) => setAssistant({ verbosity: e.target.value as Assistant['verbosity'] })}
        >
          <option value="brief">Brief: a one- or two-sentence summary</option>
          <option value="normal">Normal: the summary and the most useful details</option>
          <option value="detailed">Detailed: a thorough description</option>
        </select>
        <label htmlFor={ids.detail}>Picture detail sent</label>
        <select
          id={ids.detail}
          value={draft.assistant.detail}
          onChange={(e) => setAssistant({ detail: e.target.value as Assistant['detail'] })}
        >
          <option value="auto">Automatic: sharp enough for text, under 800 tokens</option>
          <option value="high">High: the most detail, costs more</option>
          <option value="low">Low: cheapest, for rough scenes</option>
        </select>
        <label htmlFor={ids.language}>Language of answers, for example German (empty to match your question)</label>
        <input
          id={ids.language}
          type="text"
          value={draft.assistant.language}
          onChange={(e) => setAssistant({ language: e.target.value })}
        />
        <div className="checkbox">
          <input
            id={ids.think}
            type="checkbox"
            checked={draft.assistant.thinkLonger}
            onChange={(e) => setAssistant({ thinkLonger: e.target.checked })}
          />
          <label htmlFor={ids.think}>Think longer before answering typed questions (slower, sometimes better)</label>
        </div>
        <div className="actions">
          <button type="submit">Save description settings</button>
        </div>
      </form>
    </section>
  );
}
