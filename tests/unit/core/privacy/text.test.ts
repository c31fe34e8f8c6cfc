import { describe, expect, it } from 'vitest';
import { redactText } from '../../../../src/core/privacy/text';

describe('redactText', () => {
  it('replaces each private item with a placeholder and keeps the punctuation around it', () => {
    const result = redactText(
      'My card is 4111 1111 1111 1111, mail me at (jane@example.com).\n' +
        'IBAN DE89 3704 0044 0532 0130 00. Call +44 20 7946 0958!\n' +
        'Your verification code is 482913.\nPassword: hunter2!'
    );
    expect(result.text).toBe(
      'My card is [card number], mail me at ([e-mail]).\n' +
        'IBAN [bank account number]. Call [phone number]!\n' +
        'Your verification code is [code].\nPassword: [password]'
    );
    expect(result.hidden).toEqual([
      { kind: 'card', text: '4111 1111 1111 1111' },
      { kind: 'email', text: 'jane@example.com' },
      { kind: 'iban', text: 'DE89 3704 0044 0532 0130 00' },
      { kind: 'phone', text: '+44 20 7946 0958' },
      { kind: 'code', text: '482913' },
      { kind: 'password', text: 'hunter2!' }
    ]);
  });

  it('leaves ordinary text and numbers as they are', () => {
    const text = 'Order 123456 of 2024-03-15 costs $1,299.00; version 1.2.3; card 4111 1111 1111 1112.';
    expect(redactText(text)).toEqual({ text, hidden: [] });
  });

  it('does not join a number across a line break or a wide gap', () => {
    expect(redactText('4111 1111\n1111 1111').hidden).toEqual([]);
    expect(redactText('4111 1111          1111 1111').hidden).toEqual([]);
    expect(redactText('Your code:\n482913').hidden).toEqual([{ kind: 'code', text: '482913' }]);
    expect(redactText('Your code:\n\n482913').hidden).toEqual([]);
  });
});
