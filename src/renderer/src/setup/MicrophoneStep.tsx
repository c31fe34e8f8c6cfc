import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useAnnouncer } from '../announcer';
import { listMicrophones, microphoneStream, MicProblem } from '../conversation/mic';
import { useSay } from '../useSay';
import { useSaveSettings, type StepProps } from './step';

/** Loudness (RMS, full scale 1) above which the microphone hears the user: quiet speech is about 0.03. */
const HEARING_LEVEL = 0.02;
/** How long the microphone may hear nothing before the user is told to check it. */
const SILENCE_MS = 5000;
const SAMPLE_EVERY_MS = 100;

const HEARD = 'I hear you.';
const NOTHING_HEARD = 'I hear nothing; check the microphone.';

interface Listening {
  stop(): void;
}

/** Listens to one microphone: its level every 100 ms, "heard" once, "silent" once if nothing came first. */
async function listen(deviceId: string, onLevel: (rms: number) => void, onSilence: () => void): Promise<Listening> {
  const stream = await microphoneStream(deviceId);
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 2048;
  const source = context.createMediaStreamSource(stream);
  source.connect(analyser);
  if (context.state === 'suspended') void context.resume();
  const samples = new Float32Array(analyser.fftSize);
  const sampler = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) sum += s * s;
    onLevel(Math.sqrt(sum / samples.length));
  }, SAMPLE_EVERY_MS);
  const silence = setTimeout(onSilence, SILENCE_MS);
  return {
    stop() {
      clearInterval(sampler);
      clearTimeout(silence);
      source.disconnect();
      stream.getTracks().forEach((t) => t.stop());
      void context.close();
    }
  };
}

/** "Say something": a level meter, "I hear you" or "I hear nothing", and the microphone chosen. */
export function MicrophoneStep({ settings, onSettings, onFinished }: StepProps) {
  const { announce } = useAnnouncer();
  const say = useSay();
  const save = useSaveSettings(onSettings);
  const [devices, setDevices] = useState<Array<{ id: string; label: string }>>([]);
  const [level, setLevel] = useState(0);
  const [listening, setListening] = useState(false);
  const [result, setResult] = useState('');
  const session = useRef<Listening | null>(null);
  const heard = useRef(false);
  const ids = { device: useId(), meter: useId() };
  const deviceId = settings.capture.microphoneId;

  const stop = useCallback(() => {
    session.current?.stop();
    session.current = null;
    setListening(false);
    setLevel(0);
  }, []);

  useEffect(() => {
    void listMicrophones().then(setDevices);
    return stop;
  }, [stop]);

  const start = async (device: string) => {
    stop();
    heard.current = false;
    setResult('');
    try {
      session.current = await listen(
        device,
        (rms) => {
          setLevel(Math.min(1, rms * 5));
          if (rms < HEARING_LEVEL || heard.current) return;
          heard.current = true;
          setResult(HEARD);
          void say(HEARD);
        },
        () => {
          if (heard.current) return;
          setResult(NOTHING_HEARD);
          void say(NOTHING_HEARD);
        }
      );
    } catch (error) {
      const problem = error instanceof MicProblem ? error.message : 'Lumen could not start the microphone.';
      setResult(problem);
      void say(`${problem} You can go on to the next step.`);
      return;
    }
    setListening(true);
    announce('Listening. Say something.');
    // Names are shown only once the page may use a microphone.
    void listMicrophones().then(setDevices);
  };

  const stopListening = () => {
    stop();
    announce('Stopped listening.');
  };

  const choose = async (id: string) => {
    const label = devices.find((d) => d.id === id)?.label ?? '';
    const saved = await save(
      { capture: { microphoneId: id, microphoneLabel: id ? label : '' } },
      `Microphone chosen: ${id ? label : 'the default microphone'}.`
    );
    if (saved && listening) void start(id);
  };

  return (
    <>
      <p>Press Listen, then say something. Lumen tells you whether it hears you.</p>
      <label htmlFor={ids.device}>Microphone</label>
      <select id={ids.device} value={deviceId} onChange={(e) => void choose(e.target.value)}>
        <option value="">Default microphone</option>
        {devices.map((d) => (
          <option key={d.id} value={d.id}>
            {d.label}
          </option>
        ))}
        {deviceId && !devices.some((d) => d.id === deviceId) && (
          <option
            value={deviceId}
          >{`${settings.capture.microphoneLabel || 'Chosen microphone'} (not connected)`}</option>
        )}
      </select>
      <div className="actions">
        <button
          type="button"
          aria-pressed={listening}
          onClick={() => (listening ? stopListening() : void start(deviceId))}
        >
          Listen
        </button>
      </div>
      <label htmlFor={ids.meter}>Microphone level</label>
      <meter id={ids.meter} className="setup-meter" min={0} max={100} low={10} value={Math.round(level * 100)}>
        {Math.round(level * 100)} percent
      </meter>
      <p className="setup-result" data-testid="microphone-result">
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
