// Photographed pages (tests/unit/core/document/pages.ts): the character error rate before preparation
// and after each step added in turn, for each condition, and the preparation's time.
import { preparePage, type DocumentSteps } from '../src/core/document/prepare-page';
import { OcrEngine } from '../src/core/ocr/engine';
import { characterErrorRate } from '../tests/ocr-known-text';
import { CONDITIONS, FLAT_LIT, photographedPage } from '../tests/unit/core/document/pages';
import { summarize, type Summary } from './stats';

/** The steps added one after another; the last adds the adaptive threshold, which is off by default. */
export const STEPS: { label: string; steps: DocumentSteps }[] = [
  {
    label: '+ page cut out and flattened',
    steps: { page: true, deskew: false, light: false, upscale: false, threshold: false }
  },
  { label: '+ levelled', steps: { page: true, deskew: true, light: false, upscale: false, threshold: false } },
  { label: '+ light evened', steps: { page: true, deskew: true, light: true, upscale: false, threshold: false } },
  {
    label: '+ text enlarged (default)',
    steps: { page: true, deskew: true, light: true, upscale: true, threshold: false }
  },
  { label: '+ adaptive threshold', steps: { page: true, deskew: true, light: true, upscale: true, threshold: true } }
];

export interface DocumentBenchResult {
  name: 'document';
  frame: string;
  conditions: { name: string; flatLit: boolean; before: number; after: number[] }[];
  stepLabels: string[];
  /** Preparing one 1280 × 720 frame with the default steps, all conditions together. */
  prepareMs: Summary;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export async function benchDocument(): Promise<DocumentBenchResult> {
  const engine = new OcrEngine();
  try {
    await engine.warmUp();
    const conditions: DocumentBenchResult['conditions'] = [];
    const times: number[] = [];
    for (const [name, pose] of Object.entries(CONDITIONS)) {
      const photo = await photographedPage(pose);
      const cer = async (image: Uint8Array) => {
        engine.forget();
        return round4(characterErrorRate(photo.text, (await engine.recognize(image)).text));
      };
      const after: number[] = [];
      for (const { steps } of STEPS) {
        const start = performance.now();
        const prepared = await preparePage(photo.jpeg, steps);
        if (steps.upscale && !steps.threshold) times.push(performance.now() - start);
        after.push(await cer(prepared.png));
      }
      conditions.push({ name, flatLit: FLAT_LIT.includes(name), before: await cer(photo.jpeg), after });
    }
    return {
      name: 'document',
      frame: '1280 × 720 JPEG (quality 72), an A5 letter in 12 pt DejaVu Serif, blur σ 0.8, noise σ 5',
      conditions,
      stepLabels: STEPS.map((s) => s.label),
      prepareMs: summarize(times)
    };
  } finally {
    await engine.terminate();
  }
}
