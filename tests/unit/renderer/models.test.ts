import { describe, expect, it } from 'vitest';
import type { ModelsStatus } from '../../../src/shared/contract';
import { spokenDate } from '../../../src/shared/dates';
import { catalogueSummary, inUseSummary, localTime, type RoleStatus } from '../../../src/renderer/src/models';

const now = new Date(2026, 11, 2, 12, 0);
const morning = new Date(2026, 11, 2, 7, 44);
// The clock's own format (12 or 24 hours) follows the machine's locale.
const clock = (at: Date) => at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });

describe('times of the model list', () => {
  it('is the time alone today, and the time with the date on another day', () => {
    expect(localTime(morning.toISOString(), now)).toBe(clock(morning));
    const before = new Date(2026, 10, 30, 7, 44);
    expect(localTime(before.toISOString(), now)).toBe(`${clock(before)} on ${spokenDate('2026-11-30')}`);
  });

  it('leaves a time it cannot read as it is', () => {
    expect(localTime('soon', now)).toBe('soon');
  });
});

describe('where the list of models came from', () => {
  const catalogue = (more: Partial<ModelsStatus['catalogue']>): ModelsStatus['catalogue'] => ({
    source: 'service',
    checkedAt: null,
    compatible: false,
    ...more
  });
  const checkedAt = morning.toISOString();

  it('says whether the service was asked, and when', () => {
    expect(catalogueSummary(catalogue({ checkedAt }), now)).toBe(
      `The service's list of models, checked at ${clock(morning)}.`
    );
    expect(catalogueSummary(catalogue({ source: 'saved', checkedAt }), now)).toBe(
      `The list of models saved when the service was last asked, at ${clock(morning)}.`
    );
    expect(catalogueSummary(catalogue({ source: 'saved' }), now)).toBe(
      'The list of models saved when the service was last asked.'
    );
    expect(catalogueSummary(catalogue({ source: 'built-in' }), now)).toMatch(
      /^Lumen's own list: the service has not been asked yet/
    );
  });

  it('says when the endpoint is not OpenAI, so choices are used as they are', () => {
    expect(catalogueSummary(catalogue({ compatible: true }), now)).toBe(
      "The service's list of models. This endpoint is not OpenAI's; your choices are used as they are."
    );
  });
});

describe('the model in use for a job', () => {
  const role = (more: Partial<RoleStatus>): RoleStatus => ({
    role: 'describe',
    inUse: 'gpt-4o',
    chosen: '',
    automatic: 'gpt-4o',
    shutdownDate: null,
    successor: null,
    notice: null,
    choices: [],
    ...more
  });

  it('names it, or says there is none', () => {
    expect(inUseSummary(role({}))).toBe('In use: gpt-4o.');
    expect(inUseSummary(role({ inUse: '' }))).toBe('In use: none; the service offers no model for this now.');
  });

  it('says when it shuts down and what comes after, if anything yet', () => {
    expect(inUseSummary(role({ shutdownDate: '2027-01-14', successor: 'gpt-6.1-terra' }))).toBe(
      'In use: gpt-4o. Shuts down on 14 January 2027; then gpt-6.1-terra.'
    );
    expect(inUseSummary(role({ shutdownDate: '2027-01-14' }))).toBe(
      'In use: gpt-4o. Shuts down on 14 January 2027; the service names nothing to use after it yet.'
    );
  });
});
