import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import { ocrPoolSize } from '../../../../src/core/ocr/pool-size';

const quiet = { info() {}, warn() {}, error() {} };

describe('the text-reading pool', () => {
  it('uses both cores of a two-core machine, leaves one core to the rest of Lumen from three, at least one worker and at most four', () => {
    const cores = [1, 2, 3, 4, 5, 6, 16, 128];
    expect(cores.map(ocrPoolSize)).toEqual([1, 2, 2, 3, 4, 4, 4, 4]);
  });

  it('is sized to this machine unless a size is given', () => {
    // Making an engine starts no worker: nothing to end here.
    expect(new OcrEngine({ logger: quiet }).poolSize).toBe(ocrPoolSize(availableParallelism()));
    expect(new OcrEngine({ logger: quiet, workers: 3 }).poolSize).toBe(3);
  });
});
