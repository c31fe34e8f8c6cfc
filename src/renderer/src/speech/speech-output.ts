import {
  AudioFrame,
  decodeAudioFrame,
  encodePlayedFrame,
  pcmOf,
  type AudioFrameType
} from '../../../shared/audio-frames';
import { Earcons } from './earcons';
import { PcmPlayer, type PlayerReport } from './pcm-player';
import { speechLog } from './speech-log';
import { controlSystemVoice, speakWithSystemVoice } from './system-voice';

const REPORT_FRAME: Record<PlayerReport['type'], AudioFrameType> = {
  progress: AudioFrame.progress,
  done: AudioFrame.done,
  stopped: AudioFrame.stopped
};

/**
 * Connects core's speech to this window: PCM from the speech.audio stream into the worklet player
 * (reporting back what was played), text utterances to the system voice or the screen-reader log,
 * and earcons. Returns a function that disconnects it all.
 */
export async function startSpeechOutput(onProblem: (text: string) => void): Promise<() => void> {
  const lumen = window.lumen;
  let player: PcmPlayer | undefined;
  try {
    player = await PcmPlayer.create();
  } catch {
    onProblem('Lumen cannot play sound in this window. Choose "My screen reader" or the system voice in Settings.');
  }
  window.lumenDiagnostics = { ...window.lumenDiagnostics, player: player?.diagnostics };
  const earcons = player ? new Earcons(player.context) : undefined;
  const offs: Array<() => void> = [];

  if (player) {
    const audio = lumen.openStream('speech.audio');
    const p = player;
    offs.push(
      audio.onData((bytes) => {
        const frame = decodeAudioFrame(bytes);
        if (!frame) return;
        if (frame.type === AudioFrame.pcm) p.enqueue(frame.utterance, pcmOf(frame.payload));
        else if (frame.type === AudioFrame.end) p.end(frame.utterance);
        else if (frame.type === AudioFrame.skip) p.skip(frame.utterance);
        else if (frame.type === AudioFrame.stop) p.stop();
        else if (frame.type === AudioFrame.pause) p.pause();
        else if (frame.type === AudioFrame.resume) p.resume();
      }),
      p.onReport((r) => audio.send(encodePlayedFrame(REPORT_FRAME[r.type], r.id, r.played))),
      () => audio.close()
    );
  }

  offs.push(
    lumen.handle('speech.utterance', async (u) => {
      if (u.provider === 'screen-reader') {
        speechLog.append(u.text);
        return { outcome: 'spoken' };
      }
      return { outcome: await speakWithSystemVoice(u) };
    }),
    lumen.on('speech.textControl', ({ action }) => controlSystemVoice(action)),
    lumen.on('earcon', ({ sound, action }) => earcons?.handle(sound, action))
  );

  // A browser keeps audio suspended until the user does something; any key or click will do.
  const wake = () => {
    if (player?.context.state === 'suspended') void player.context.resume();
  };
  window.addEventListener('keydown', wake, true);
  window.addEventListener('pointerdown', wake, true);
  offs.push(() => {
    window.removeEventListener('keydown', wake, true);
    window.removeEventListener('pointerdown', wake, true);
    void player?.context.close();
  });
  return () => offs.forEach((off) => off());
}
