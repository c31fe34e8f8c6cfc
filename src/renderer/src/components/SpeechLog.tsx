import { useSpeechLog } from '../speech/speech-log';

/** The region "My screen reader" mode speaks through; present from the start so it is monitored. */
export function SpeechLog() {
  const entries = useSpeechLog();
  return (
    <div className="visually-hidden" role="log" aria-live="polite" aria-label="Lumen speaking" data-testid="speech-log">
      {entries.map((e) => (
        <p key={e.id}>{e.text}</p>
      ))}
    </div>
  );
}
