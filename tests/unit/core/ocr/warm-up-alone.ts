/**
 * A process that does nothing but warm an engine up, then prints its counts: it must not end before
 * the warm-up has (the workers never keep a process alive on their own, only while they work).
 */
import { OcrEngine } from '../../../../src/core/ocr/engine';

const engine = new OcrEngine({ logger: { info() {}, warn() {}, error() {} }, workers: 1 });
await engine.warmUp();
process.stdout.write(JSON.stringify(engine.stats));
await engine.terminate();
