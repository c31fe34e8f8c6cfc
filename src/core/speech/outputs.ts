import type { TextOutcome, TextUtterance } from '../../shared/contract';

/** The renderer's audio player, as core drives it through the `speech.audio` stream. */
export interface PlayerLink {
  pcm(utterance: number, samples: Int16Array): void;
  /** No more audio will come for this utterance. */
  end(utterance: number): void;
  /** Drop this utterance's audio now. */
  skip(utterance: number): void;
  /** Drop everything now. */
  stop(): void;
  pause(): void;
  resume(): void;
  /** Resolves when the utterance has played out, or was skipped or stopped. */
  finished(utterance: number): Promise<void>;
}

/** The renderer's text voices: the system voice (Web Speech) or the user's screen reader. */
export interface TextLink {
  say(utterance: TextUtterance): Promise<TextOutcome>;
  control(action: 'stop' | 'pause' | 'resume' | 'skip'): void;
}

/** Where core's speech goes. `player` is undefined while no window is listening. */
export interface SpeechOutputs {
  player(): PlayerLink | undefined;
  text: TextLink;
}
