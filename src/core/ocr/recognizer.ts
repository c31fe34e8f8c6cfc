import type { Logger } from '../ports';
import { OcrEngine } from './engine';

/**
 * Offline text reading for the whole app: one engine, its workers started by the warm-up or the
 * first read and kept warm (reading aloud and the privacy shield share it), in the language chosen
 * in Settings.
 */
export class TextRecognizer {
  private readonly engine: OcrEngine;

  constructor(
    private readonly language: () => string,
    logger: Logger
  ) {
    this.engine = new OcrEngine({ logger });
  }

  recognize = (image: Uint8Array) => this.engine.recognize(image, { lang: this.language() });

  /**
   * Starts the workers with the reading language loaded, then waits for any read asked meanwhile, so
   * whatever is warmed next does not compete with it.
   */
  async warmUp(): Promise<void> {
    await this.engine.warmUp(this.language());
    await this.engine.idle();
  }

  /** Workers in the pool, workers started so far (replacements included), practice pages read, pages read. */
  stats() {
    const { workersStarted, practised, reads } = this.engine.stats;
    return { poolSize: this.engine.poolSize, workersStarted, practised, reads };
  }

  /** Ends the engine's worker threads; a later read starts new ones. */
  async close(): Promise<void> {
    await this.engine.terminate();
  }

  /** Drops what the engine remembers of pages it read. */
  forget(): void {
    this.engine.forget();
  }
}
