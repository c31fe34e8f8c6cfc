import type { TextOutcome, TextUtterance } from '../../../shared/contract';

/** Voices load asynchronously in Chromium; give them a moment before deciding there are none. */
async function voices(): Promise<SpeechSynthesisVoice[]> {
  if (typeof speechSynthesis === 'undefined') return [];
  const now = speechSynthesis.getVoices();
  if (now.length) return now;
  return new Promise((resolve) => {
    const done = () => resolve(speechSynthesis.getVoices());
    speechSynthesis.addEventListener('voiceschanged', done, { once: true });
    setTimeout(done, 1000);
  });
}

/** Speaks through Web Speech; 'no-voice' where the system has none (e.g. Linux without speech-dispatcher). */
export async function speakWithSystemVoice(u: TextUtterance): Promise<TextOutcome> {
  const available = await voices();
  if (!available.length) return 'no-voice';
  return new Promise((resolve) => {
    const utterance = new SpeechSynthesisUtterance(u.text);
    utterance.rate = u.rate;
    utterance.volume = u.volume;
    if (u.language) utterance.lang = u.language;
    const voice = available.find((v) => v.name === u.voice);
    if (voice) utterance.voice = voice;
    utterance.onend = () => resolve('spoken');
    utterance.onerror = (e) => resolve(e.error === 'interrupted' || e.error === 'canceled' ? 'cancelled' : 'failed');
    if (u.urgent) speechSynthesis.cancel();
    speechSynthesis.speak(utterance);
  });
}

export function controlSystemVoice(action: 'stop' | 'pause' | 'resume' | 'skip') {
  if (typeof speechSynthesis === 'undefined') return;
  if (action === 'pause') speechSynthesis.pause();
  else if (action === 'resume') speechSynthesis.resume();
  else speechSynthesis.cancel();
}
