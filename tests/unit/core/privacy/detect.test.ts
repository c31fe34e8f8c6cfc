import { describe, expect, it } from 'vitest';
import { findPrivate, type OcrWord } from '../../../../src/core/privacy/detect';
import { page, row } from './words';

const found = (words: OcrWord[]) => findPrivate(words).map(({ kind, text }) => ({ kind, text }));

describe('findPrivate', () => {
  it('joins a card number that OCR split into groups, and returns every group’s box', () => {
    const words = row(10, 'Card: 4111 1111 1111 1111 exp 12/27');
    const [card, ...rest] = findPrivate(words);
    expect(rest).toEqual([]);
    expect(card).toMatchObject({ kind: 'card', text: '4111 1111 1111 1111' });
    expect(card!.boxes).toEqual(words.slice(1, 5).map((w) => w.box));
  });

  it('finds each kind in a page', () => {
    expect(
      found(
        page(
          'Pay 5555 5555 5555 4444 to DE89 3704 0044 0532 0130 00',
          'Questions? Mail help@example.com or call +44 20 7946 0958',
          'Your verification code is 482913.',
          'Password: hunter2'
        )
      )
    ).toEqual([
      { kind: 'iban', text: 'DE89 3704 0044 0532 0130 00' },
      { kind: 'card', text: '5555 5555 5555 4444' },
      { kind: 'email', text: 'help@example.com' },
      { kind: 'phone', text: '+44 20 7946 0958' },
      { kind: 'password', text: 'hunter2' },
      { kind: 'code', text: '482913.' }
    ]);
  });

  it('finds IBANs with letters in the account part', () => {
    expect(found(row(10, 'IBAN: GB29 NWBK 6016 1331 9268 19'))).toEqual([
      { kind: 'iban', text: 'GB29 NWBK 6016 1331 9268 19' }
    ]);
    expect(found(row(10, 'IBAN: GB29 NWBK 6016 1331 9268 18'))).toEqual([]);
  });

  it('leaves ordinary numbers alone', () => {
    expect(
      found(
        page(
          'Card 4111 1111 1111 1112 was declined', // Luhn-invalid
          'Meeting on 2024-03-15 at 10:30, or 15.03.2024 14:00',
          'Total $1,299.00 (1 299,00 €) for 3 items',
          'Order number 123456 shipped in 2023',
          'Version 1.2.3 build 20240315',
          'Population 8 336 817',
          'Tracking 5551234567',
          'Invoice 0123 4567 8901 2345'
        )
      )
    ).toEqual([]);
  });

  it('does not join numbers in different columns of a table', () => {
    expect(found(row(10, '4111 1111 »1111 1111'))).toEqual([]);
  });

  it('finds phone numbers in national and labelled forms', () => {
    expect(
      found(
        page(
          'Office (555) 123-4567, fax 555-123-4568',
          'London 020 7946 0958',
          'Tel: 5551234567',
          'Mobile 06 12 34 56 78'
        )
      ).map((f) => f.text)
    ).toEqual(['(555) 123-4567,', '555-123-4568', '020 7946 0958', '5551234567', '06 12 34 56 78']);
  });

  it('takes codes only near a word that announces them', () => {
    expect(found(page('Your one-time code:', '731 904'))).toEqual([{ kind: 'code', text: '731 904' }]);
    expect(found(row(10, '839201 is your Google verification code'))).toEqual([{ kind: 'code', text: '839201' }]);
    expect(found(row(10, 'Enter OTP G-482913 to sign in'))).toEqual([{ kind: 'code', text: 'G-482913' }]);
    expect(found(row(10, 'Your TAN: 4K9X2M'))).toEqual([{ kind: 'code', text: '4K9X2M' }]);
    expect(found(row(10, 'PIN 0852'))).toEqual([{ kind: 'code', text: '0852' }]);
    expect(found(row(10, 'CVV 123'))).toEqual([{ kind: 'code', text: '123' }]);
    expect(found(row(10, 'Card security code 4321'))).toEqual([{ kind: 'code', text: '4321' }]);
    expect(found(row(10, 'Code 123'))).toEqual([]); // three digits only for card security codes
  });

  it('leaves numbers after zip, promo or error codes, and numbers far from any code word', () => {
    expect(found(row(10, 'Zip code 90210'))).toEqual([]);
    expect(found(row(10, 'Use promo code SAVE2024 today'))).toEqual([]);
    expect(found(row(10, 'Error code 5012 while saving'))).toEqual([]);
    expect(found(page('Order 482913 has shipped and will arrive soon.', 'Scan the QR code in the app.'))).toEqual([]);
    expect(found(row(10, 'Enter the code we sent you and your order number 483920'))).toEqual([]);
  });

  it('finds password values next to a label and masked fields', () => {
    expect(found(row(10, 'Passwort: Sommer2024!'))).toEqual([{ kind: 'password', text: 'Sommer2024!' }]);
    expect(found(row(10, 'Contraseña : gato'))).toEqual([{ kind: 'password', text: 'gato' }]);
    expect(found(row(10, 'Mot de passe s3cr3t'))).toEqual([{ kind: 'password', text: 's3cr3t' }]);
    expect(found(page('Password', 'c0rrect-horse'))).toEqual([{ kind: 'password', text: 'c0rrect-horse' }]);
    expect(found(row(10, 'Password •••••••• Show'))).toEqual([{ kind: 'password', text: '•••••••• Show' }]);
    expect(found(row(10, 'Visa **** **** **** 4242'))).toEqual([{ kind: 'password', text: '**** **** **** 4242' }]);
  });

  it('leaves sentences about passwords alone', () => {
    expect(found(page('Forgot password?', 'Reset it here'))).toEqual([]);
    expect(found(row(10, 'Your password must have 8 characters'))).toEqual([]);
    expect(found(page('Change password', 'Settings'))).toEqual([]);
    expect(found(row(10, 'Rated *** by critics'))).toEqual([]);
  });

  it('joins an e-mail address OCR broke at the @', () => {
    expect(found(row(10, 'Contact: jane.doe @example.org'))).toEqual([
      { kind: 'email', text: 'jane.doe @example.org' }
    ]);
    expect(found(row(10, 'Write to <jane@example.org>.'))).toEqual([{ kind: 'email', text: '<jane@example.org>.' }]);
  });

  it('uses the OCR engine’s lines when given', () => {
    // Two rows at the same height that the engine split at a column gap.
    const words = [...row(10, '4111 1111'), ...row(10, '1111 1111', 200)];
    expect(findPrivate(words, [{ words: [0, 1] }, { words: [2, 3] }])).toEqual([]);
    expect(findPrivate(words, [{ words: [0, 1, 2, 3] }]).map((f) => f.kind)).toEqual([]); // still too far apart
    const close = row(10, '4111 1111 1111 1111');
    expect(findPrivate(close, [{ words: [0, 1, 2, 3] }]).map((f) => f.kind)).toEqual(['card']);
  });

  it('takes a value in its own column, level with its label, as that label’s value', () => {
    // The engine reads a form's label and value as two lines: "Your code" and, to its right, the code.
    const near = [...row(10, 'Your code'), ...row(10, '482913', 150)];
    expect(findPrivate(near, [{ words: [0, 1] }, { words: [2] }]).map((f) => [f.kind, f.text])).toEqual([
      ['code', '482913']
    ]);
    // A form read column by column: every label first, then every value. Each value is still its label's.
    const form = [...row(10, 'Name'), ...row(40, 'Your code'), ...row(10, 'Sam Doe', 150), ...row(40, '482913', 150)];
    expect(
      findPrivate(form, [{ words: [0] }, { words: [1, 2] }, { words: [3, 4] }, { words: [5] }]).map((f) => [
        f.kind,
        f.text
      ])
    ).toEqual([['code', '482913']]);
    // Two lines level but a screen apart are unrelated (a line height is 20 px here).
    const far = [...row(10, 'Your code'), ...row(10, '482913', 600)];
    expect(findPrivate(far, [{ words: [0, 1] }, { words: [2] }])).toEqual([]);
  });
});
