import { soak, type SoakResult } from '../tests/soak';

const DESCRIBES = 300;
const FAULT_RATE = 0.1;

export interface SoakBenchResult extends SoakResult {
  name: 'soak';
  faultRate: number;
  seconds: number;
}

/** 300 describes against the fake service with 10 % of them meeting a fault; see tests/soak.ts. */
export async function benchSoak(): Promise<SoakBenchResult> {
  const started = performance.now();
  const result = await soak({
    describes: DESCRIBES,
    faultRate: FAULT_RATE,
    seed: 2027,
    onProgress: (n) => n % 50 === 0 && process.stdout.write(`  ${n} describes\n`)
  });
  return {
    name: 'soak',
    faultRate: FAULT_RATE,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    ...result
  };
}
