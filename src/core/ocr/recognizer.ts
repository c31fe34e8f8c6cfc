import type { Logger } from '../ports';
import { OcrEngine } from './engine';

/**
 * Offline text reading for the whole app: one warm engine, started the first time it is needed
 * (reading aloud and the privacy shield share it), in the language chosen in Settings.
 */
export class TextRecognizer {
  private engine: OcrEngine | undefined;

  constructor(
    private readonly language: () => string,
    private readonly logger: Logger
  ) {}

  recognize = (image: Uint8Array) =>
    (this.engine ??= new OcrEngine({ logger: this.logger })).recognize(image, { lang: this.language() });

  /** Ends the engine's worker threads. */
  async close(): Promise<void> {
    await this.engine?.terminate();
    this.engine = undefined;
  }

  /** Drops what the engine remembers of pages it read. */
  forget(): void {
    this.engine?.forget();
  }
}
