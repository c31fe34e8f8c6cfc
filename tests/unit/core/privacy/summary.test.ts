import { describe, expect, it } from 'vitest';
import type { PrivateKind } from '../../../../src/core/privacy/detect';
import { hiddenSummary, kindName } from '../../../../src/core/privacy/summary';

const items = (...kinds: PrivateKind[]) => kinds.map((kind) => ({ kind }));

describe('hiddenSummary', () => {
  it('says how many items were hidden and of which kinds', () => {
    expect(hiddenSummary(items())).toBe('');
    expect(hiddenSummary(items('card'))).toBe('1 private item hidden: a card number.');
    expect(hiddenSummary(items('email', 'card'))).toBe('2 private items hidden: a card number and an e-mail address.');
    expect(hiddenSummary(items('code', 'card', 'card', 'iban'))).toBe(
      '4 private items hidden: 2 card numbers, a bank account number and a security code.'
    );
    expect(hiddenSummary(items('password', 'phone', 'phone', 'email', 'email'))).toBe(
      '5 private items hidden: 2 e-mail addresses, 2 phone numbers and a password.'
    );
  });

  it('names a kind without its article', () => {
    expect(kindName('email')).toBe('e-mail address');
    expect(kindName('iban')).toBe('bank account number');
  });
});
