// Photographed pages (tests/unit/core/document/pages.ts): the character error rate before preparation
// and after each step added in turn, for each condition, and the preparation's time; pages not the
// right way up read upright, and what finding which way up costs an upright page.
import sharp from 'sharp';
import { sideways } from '../src/core/document/orientation';
import { preparePage, type DocumentSteps } from '../src/core/document/prepare-page';
import { readPage } from '../src/core/document/read-page';
import { inkMask } from '../src/core/document/threshold';
import { OcrEngine } from '../src/core/ocr/engine';
import { characterErrorRate } from '../tests/ocr-known-text';
import { CONDITIONS, FLAT_LIT, photographedPage, TURNED_CONDITIONS } from '../tests/unit/core/document/pages';
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
  /** Pages not the right way up: unprepared, prepared (a page on its side turned a quarter), read upright. */
  turned: { name: string; before: number; prepared: number; upright: number; turn: number; readMs: number }[];
  /** Upright pages (the conditions above) read upright: prepared and read, warm. */
  uprightReadMs: Summary;
  /** Text readings per upright page (1: never read a second time). */
  uprightReadings: number;
  /**
   * Telling whether an upright page lies on its side (orientation.ts), on the prepared page: an upper
   * bound, as preparing runs it before the text is enlarged, on fewer pixels.
   */
  sidewaysCheckMs: Summary;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

export async function benchDocument(): Promise<DocumentBenchResult> {
  const engine = new OcrEngine();
  try {
    await engine.warmUp();
    const conditions: DocumentBenchResult['conditions'] = [];
    const times: number[] = [];
    const uprightTimes: number[] = [];
    const checkTimes: number[] = [];
    let readings = 0;
    /** Reads upright, counting the text readings, with nothing remembered of pages read before. */
    const readUpright = async (jpeg: Uint8Array) => {
      engine.forget();
      const start = performance.now();
      const page = await readPage(jpeg, (png) => {
        readings++;
        return engine.recognize(png);
      });
      return { page, ms: performance.now() - start };
    };
    for (const [name, pose] of Object.entries(CONDITIONS)) {
      const photo = await photographedPage(pose);
      const cer = async (image: Uint8Array) => {
        engine.forget();
        return round4(characterErrorRate(photo.text, (await engine.recognize(image)).text));
      };
      uprightTimes.push((await readUpright(photo.jpeg)).ms);
      const prepared = await preparePage(photo.jpeg);
      const { data, info } = await sharp(prepared.png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
      const grey = { data: new Uint8Array(data), width: info.width, height: info.height };
      // The ink mask is left out: preparing makes it anyway, to level the lines.
      const ink = inkMask(grey, 31);
      const started = performance.now();
      sideways(ink, grey.width, grey.height);
      checkTimes.push(performance.now() - started);
      const after: number[] = [];
      for (const { steps } of STEPS) {
        const start = performance.now();
        const prepared = await preparePage(photo.jpeg, steps);
        if (steps.upscale && !steps.threshold) times.push(performance.now() - start);
        after.push(await cer(prepared.png));
      }
      conditions.push({ name, flatLit: FLAT_LIT.includes(name), before: await cer(photo.jpeg), after });
    }
    const uprightReadings = readings / Object.keys(CONDITIONS).length;
    const turned: DocumentBenchResult['turned'] = [];
    for (const [name, pose] of Object.entries(TURNED_CONDITIONS)) {
      const photo = await photographedPage(pose);
      const cer = async (image: Uint8Array) => {
        engine.forget();
        return round4(characterErrorRate(photo.text, (await engine.recognize(image)).text));
      };
      const { page, ms } = await readUpright(photo.jpeg);
      turned.push({
        name,
        before: await cer(photo.jpeg),
        prepared: await cer((await preparePage(photo.jpeg)).png),
        upright: round4(characterErrorRate(photo.text, page.result.text)),
        turn: page.turned,
        readMs: Math.round(ms)
      });
    }
    return {
      name: 'document',
      frame: '1280 × 720 JPEG (quality 72), an A5 letter in 12 pt DejaVu Serif, blur σ 0.8, noise σ 5',
      conditions,
      stepLabels: STEPS.map((s) => s.label),
      prepareMs: summarize(times),
      turned,
      uprightReadMs: summarize(uprightTimes),
      uprightReadings,
      sidewaysCheckMs: summarize(checkTimes)
    };
  } finally {
    await engine.terminate();
  }
}
