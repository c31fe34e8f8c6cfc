import { useEffect, useId, useState } from 'react';
import { useAnnouncer } from '../announcer';
import { captureCamera, listCameras } from '../capture/camera';
import { CaptureProblem } from '../capture/frames';
import { useSay } from '../useSay';
import { useSaveSettings, type StepProps } from './step';

/** "Look": one picture from the chosen camera through the capture guard; nothing is sent anywhere. */
export function CameraStep({ settings, onSettings, onFinished }: StepProps) {
  const { announce } = useAnnouncer();
  const say = useSay();
  const save = useSaveSettings(onSettings);
  const [cameras, setCameras] = useState<Array<{ id: string; label: string }>>([]);
  const [looking, setLooking] = useState(false);
  const [result, setResult] = useState('');
  const cameraId = settings.capture.cameraId;
  const select = useId();

  useEffect(() => {
    void listCameras().then(setCameras);
  }, []);

  const look = async () => {
    if (looking) return;
    setLooking(true);
    announce('Looking…');
    try {
      const shot = await captureCamera(cameraId, 'low');
      // Names are shown only once the page may use a camera.
      void listCameras().then(setCameras);
      const checked = await window.lumen.capture.check({ image: shot.bytes });
      const message = checked.ok ? checked.value.message : checked.error.message;
      setResult(message);
      void say(shot.usedDefault ? `The chosen camera is not connected; the default one looked. ${message}` : message);
    } catch (error) {
      const problem = error instanceof CaptureProblem ? error.message : 'Lumen could not use the camera.';
      setResult(problem);
      void say(`${problem} You can go on to the next step.`);
    } finally {
      setLooking(false);
    }
  };

  const choose = (id: string) => {
    const label = cameras.find((c) => c.id === id)?.label ?? '';
    void save(
      { capture: { cameraId: id, cameraLabel: id ? label : '' } },
      `Camera chosen: ${id ? label : 'the default camera'}.`
    );
  };

  return (
    <>
      <p>Point the camera at something and press Look. Lumen checks the picture here; nothing is sent.</p>
      <label htmlFor={select}>Camera</label>
      <select id={select} value={cameraId} onChange={(e) => choose(e.target.value)}>
        <option value="">Default camera</option>
        {cameras.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
        {cameraId && !cameras.some((c) => c.id === cameraId) && (
          <option value={cameraId}>{`${settings.capture.cameraLabel || 'Chosen camera'} (not connected)`}</option>
        )}
      </select>
      <div className="actions">
        <button type="button" onClick={() => void look()} aria-busy={looking}>
          Look
        </button>
      </div>
      <p className="setup-result" data-testid="camera-result">
        {result}
      </p>
      <div className="actions">
        <button type="button" onClick={onFinished}>
          Continue
        </button>
      </div>
    </>
  );
}
