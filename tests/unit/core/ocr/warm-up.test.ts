import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bandsBetween, textPieces } from '../../../../src/core/ocr/bands';
import { practicePage } from '../../../../src/core/ocr/practice';
import { prepareForOcr } from '../../../../src/core/ocr/preprocess';

describe("the text reader's warm-up", () => {
  it('keeps a process that waits for it alive until its worker has started and read its practice page', async () => {
    const script = join(import.meta.dirname, 'warm-up-alone.ts');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script]);
    expect(JSON.parse(stdout)).toMatchObject({ workersStarted: 1, practised: 1, reads: 0 });
  }, 30_000);

  it('has a practice page that gives every worker of the largest pool a band of its own', async () => {
    const prepared = await prepareForOcr(await practicePage());
    const pieces = textPieces(prepared.grey, prepared.width, prepared.height, prepared.background);
    const bands = [1, 2, 3, 4].map((workers) => bandsBetween(pieces, prepared.height, workers).length);
    expect(bands).toEqual([1, 2, 3, 4]);
  });
});
