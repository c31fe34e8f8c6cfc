import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ibanValid,
  isCardNumber,
  isCode,
  isEmail,
  isPhoneNumber,
  luhnValid
} from '../../../../src/core/privacy/checks';

describe('privacy checks', () => {
  it('checks the Luhn digit', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('4111-1111')).toBe(false);
  });

  it('takes every 16-digit number with a right check digit for a card, and none with a wrong one', () => {
    const body = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 15, maxLength: 15 });
    fc.assert(
      fc.property(body, fc.integer({ min: 1, max: 9 }), (digits, offset) => {
        const check = [...Array(10).keys()].find((d) => luhnValid(digits.join('') + d))!;
        const valid = digits.join('') + check;
        const wrong = digits.join('') + ((check + offset) % 10);
        const groups = (n: string) => n.match(/\d{4}/g)!;
        expect(isCardNumber(groups(wrong))).toBe(false);
        expect(isCardNumber(groups(valid))).toBe(!/^(\d)\1*$/.test(valid));
      })
    );
  });

  it('knows card numbers by length, grouping and Luhn', () => {
    expect(isCardNumber(['4111', '1111', '1111', '1111'])).toBe(true);
    expect(isCardNumber(['378282246310005'])).toBe(true); // Amex, 15 digits
    expect(isCardNumber(['3782', '822463', '10005'])).toBe(true);
    expect(isCardNumber(['5555-5555-5555-4444'])).toBe(true);
    expect(isCardNumber(['6011', '0009', '9013', '9424'])).toBe(true);
    expect(isCardNumber(['4111', '111111111111'])).toBe(true); // spaces lost in text reading
    expect(isCardNumber(['4111', '1111', '1111', '1112'])).toBe(false);
    expect(isCardNumber(['0000', '0000', '0000', '0000'])).toBe(false);
    expect(isCardNumber(['411111111111'])).toBe(false); // 12 digits
    expect(isCardNumber(['2', '4111', '1111', '1111', '111'])).toBe(false); // a lone digit is never a group
  });

  it('checks IBANs with mod 97', () => {
    expect(ibanValid('DE89370400440532013000')).toBe(true);
    expect(ibanValid('GB29NWBK60161331926819')).toBe(true);
    expect(ibanValid('gb29nwbk60161331926819')).toBe(true);
    expect(ibanValid('FR1420041010050500013M02606')).toBe(true);
    expect(ibanValid('NL91ABNA0417164300')).toBe(true);
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('GB29NWBK6016133192681')).toBe(false);
    expect(ibanValid('DE8937')).toBe(false);
    // Small text read with letters for the check digits ("GB82" as "GBB2") still counts; others do not.
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GBB2WEST12345698765432')).toBe(true);
    expect(ibanValid('DEB8370400440532013000')).toBe(false);
    expect(ibanValid('GBBXWEST12345698765432')).toBe(false);
  });

  it('knows e-mail addresses', () => {
    expect(isEmail('jane.doe+news@example.co.uk')).toBe(true);
    expect(isEmail('a@b.io')).toBe(true);
    expect(isEmail('jane@localhost')).toBe(false);
    expect(isEmail('@example.com')).toBe(false);
    expect(isEmail('jane..doe@example.com')).toBe(false);
  });

  it('takes only unmistakable phone shapes, or any digits after a label', () => {
    const phone = (text: string, labelled = false) => isPhoneNumber(text.split(' '), labelled);
    expect(phone('+44 20 7946 0958')).toBe(true);
    expect(phone('+1 (555) 123-4567')).toBe(true);
    expect(phone('+4930123456')).toBe(true);
    expect(phone('(555) 123-4567')).toBe(true);
    expect(phone('555-123-4567')).toBe(true);
    expect(phone('555.123.4567')).toBe(true);
    expect(phone('020 7946 0958')).toBe(true);
    expect(phone('06 12 34 56 78')).toBe(true);
    expect(phone('030/12345678')).toBe(true);
    expect(phone('5551234567')).toBe(false);
    expect(phone('5551234567', true)).toBe(true);
    expect(phone('2024-03-15')).toBe(false);
    expect(phone('15.03.2024')).toBe(false);
    expect(phone('01.02.2024 12')).toBe(false);
    expect(phone('1 299 000')).toBe(false);
    expect(phone('1.2.3')).toBe(false);
    expect(phone('0 1 2 3 4 5 6 7 8')).toBe(false);
    expect(phone('12345')).toBe(false);
    expect(phone('+123')).toBe(false);
  });

  it('knows codes', () => {
    expect(isCode('123456', false)).toBe(true);
    expect(isCode('G-482913', false)).toBe(true);
    expect(isCode('X7K2P9', false)).toBe(true);
    expect(isCode('123', false)).toBe(false);
    expect(isCode('123', true)).toBe(true);
    expect(isCode('below', false)).toBe(false);
    expect(isCode('123456789', false)).toBe(false);
  });
});
