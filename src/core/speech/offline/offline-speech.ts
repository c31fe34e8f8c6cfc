import type { Worker } from 'node:worker_threads';
import { createConsoleLogger } from '../../logger';
import type { Logger } from '../../ports';
import type { AudioVoice } from '../voice';
import { createOfflineVoice } from './offline-voice';
import { OfflineVoiceList } from './voice-list';
import { EspeakWorkerPool } from './worker-pool';

export interface OfflineSpeechOptions {
  /** Where trouble with the worker thread is logged; standard error when not given. */
  logger?: Logger;
  /** Starts a worker thread; tests pass one that lets them watch or break the workers. */
  startWorker?: () => Worker;
}

/**
 * The offline voice's engine: one espeak-ng worker and one voice list, shared by every offline
 * voice made from it. Whoever makes it owns it (core makes one per process, the CLI one per
 * command, tests their own) and may close it; its worker never keeps the process alive.
 */
export class OfflineSpeech {
  readonly espeak: EspeakWorkerPool;
  readonly voices: OfflineVoiceList;

  constructor(options: OfflineSpeechOptions = {}) {
    this.espeak = new EspeakWorkerPool({
      logger: options.logger ?? createConsoleLogger(),
      startWorker: options.startWorker
    });
    this.voices = new OfflineVoiceList(this.espeak);
  }

  /** A voice; `onWarning` hears of a requested voice this engine does not have (the default speaks). */
  voice(options: { onWarning?: (message: string) => void } = {}): AudioVoice {
    return createOfflineVoice({ espeak: this.espeak, voices: this.voices, ...options });
  }

  /**
   * Starts the worker, compiles the engine and reads its voice list ahead of time (a few hundred
   * milliseconds, off the calling thread), so the first sentence is not the slow one; nothing when
   * that is done. Optional; rejects when the engine cannot list its voices, as speaking would fail too.
   */
  async prepare(): Promise<void> {
    await this.voices.list();
  }

  /** Ends the worker; speech still waiting for it ends as if stopped. */
  close(): Promise<void> {
    return this.espeak.close();
  }
}
