import { SAMPLE_RATE } from '../../../shared/audio-frames';
import workletUrl from './mic.worklet.ts?worker&url';

/** Spoken when the microphone cannot be used: what went wrong and what to do. */
export class MicProblem extends Error {}

function problemOf(error: unknown): MicProblem {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return new MicProblem('Lumen is not allowed to use the microphone. Allow it in your system or browser settings.');
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return new MicProblem('No microphone was found. Connect one and try again.');
  if (name === 'NotReadableError')
    return new MicProblem('The microphone is busy or not working. Close other apps using it and try again.');
  return new MicProblem('Lumen could not start the microphone.');
}

const constraints = (deviceId: string): MediaStreamConstraints => ({
  audio: {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: true,
    noiseSuppression: true,
    autoGainControl: true,
    channelCount: 1
  }
});

/**
 * The chosen microphone (or the default one if it is gone; empty: the default), with echo
 * cancellation and noise suppression, as the conversation hears it.
 */
export async function microphoneStream(deviceId: string): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MicProblem('This window cannot use a microphone.');
  try {
    return await navigator.mediaDevices.getUserMedia(constraints(deviceId));
  } catch (error) {
    const gone =
      error instanceof DOMException && (error.name === 'OverconstrainedError' || error.name === 'NotFoundError');
    if (!deviceId || !gone) throw problemOf(error);
    return navigator.mediaDevices.getUserMedia(constraints('')).catch((e: unknown) => {
      throw problemOf(e);
    });
  }
}

export async function listMicrophones(): Promise<Array<{ id: string; label: string }>> {
  const devices = await navigator.mediaDevices?.enumerateDevices?.().catch(() => []);
  return (devices ?? [])
    .filter((d) => d.kind === 'audioinput' && d.deviceId !== 'default' && d.deviceId !== 'communications')
    .map((d, i) => ({ id: d.deviceId, label: d.label || `Microphone ${i + 1}` }));
}

export interface Mic {
  /** Stops the microphone and its audio thread. */
  close(): void;
}

/**
 * The microphone with echo cancellation and noise suppression, as 40 ms PCM16 chunks at 24 kHz.
 * `onEnded` fires if the device goes away mid-call (unplugged, or taken by the system).
 */
export async function openMic(
  deviceId: string,
  onChunk: (pcm: Int16Array) => void,
  onEnded: (problem: MicProblem) => void
): Promise<Mic> {
  const stream = await microphoneStream(deviceId);
  const context = new AudioContext({ sampleRate: SAMPLE_RATE, latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
  } catch {
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
    throw new MicProblem('Lumen could not start the microphone.');
  }
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'lumen-mic', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1 });
  node.port.onmessage = (event: MessageEvent<Int16Array>) => onChunk(event.data);
  source.connect(node);
  if (context.state === 'suspended') void context.resume();
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    node.port.onmessage = null;
    source.disconnect();
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
  };
  stream.getAudioTracks()[0]?.addEventListener('ended', () => {
    if (closed) return;
    close();
    onEnded(new MicProblem('The microphone was disconnected. Connect it again and start the conversation again.'));
  });
  return { close };
}
