import { describe, expect, it } from 'vitest';
import { soak } from '../../soak';

describe('many describes with the cloud failing now and then', () => {
  it('nothing crashes or is left unhandled, at most two requests at once, and every press is answered or its failure said', async () => {
    // The benchmark runs 300 at a 10 % fault rate and watches memory too (`npm run bench -- soak`).
    const result = await soak({ describes: 40, faultRate: 0.3, seed: 7 });
    expect(result.unhandledRejections).toBe(0);
    expect(result.maxInFlight).toBeLessThanOrEqual(2);
    expect(result.outcomes.unaccounted).toBe(0);
    expect(result.outcomes.spoken + result.outcomes.failureSaid).toBe(40);
    expect(Object.keys(result.faults).sort()).toEqual(['busy', 'cut', 'failing', 'twice']);
    // gpt-4o was retired half-way: said once, and the successor answered from then on.
    // (gpt-6-luna answers when gpt-6.1-terra keeps failing.)
    expect(result.models.slice(0, 2)).toEqual(['gpt-4o', 'gpt-6.1-terra']);
    expect(result.models.every((m) => ['gpt-4o', 'gpt-6.1-terra', 'gpt-6-luna'].includes(m))).toBe(true);
    expect(result.retiredSaid).toBe(1);
  }, 120_000);
});
