/*
 * String tests behind the privacy detectors. Each takes the text of one candidate (one or more OCR
 * words already joined) and says whether it is that kind of private item.
 */

/** Luhn check digit: every card number passes it, and only one in ten random digit strings does. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Digit groups in a printed card number: 4-4-4-4, 4-6-5 (Amex), 4-6-4 (Diners), 4-4-4-4-3; text
 * reading of a small screen often drops the spaces between some of them ("4111 111111111111"), so
 * a group may be several run together. A lone digit or two is never a group.
 */
const CARD_GROUP = /^\d{3,16}$/;

/**
 * A payment card number: 13–19 digits, Luhn-valid, either one run of digits or groups of 3–8
 * (so a stray "2" before it, or a date after it, is never taken into the number).
 */
export function isCardNumber(groups: readonly string[]): boolean {
  const pieces = groups.flatMap((g) => g.split('-'));
  if (pieces.length === 0 || pieces.some((p) => !/^\d+$/.test(p))) return false;
  if (pieces.length > 1 && pieces.some((p) => !CARD_GROUP.test(p))) return false;
  const digits = pieces.join('');
  if (digits.length < 13 || digits.length > 19) return false;
  if (/^(\d)\1*$/.test(digits)) return false; // 0000 0000 0000 0000 passes Luhn but is a placeholder
  return luhnValid(digits);
}

/** ISO 13616 check: move the first four characters to the end, letters to 10..35, remainder mod 97 must be 1. */
/** Letters OCR gives for digits in small text ("GBB2" for "GB82"), where only a digit can stand. */
const DIGIT_FOR: Record<string, string> = { O: '0', D: '0', Q: '0', I: '1', L: '1', Z: '2', S: '5', B: '8' };

export function ibanValid(compact: string): boolean {
  const upper = compact.toUpperCase();
  // The check digits are digits by definition; the mod-97 check still has to pass.
  const iban = upper.slice(0, 2) + [...upper.slice(2, 4)].map((c) => DIGIT_FOR[c] ?? c).join('') + upper.slice(4);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

export function isEmail(text: string): boolean {
  return EMAIL.test(text) && !text.startsWith('.') && !text.includes('..');
}

/** 2024-03-15, 15.03.2024, 03/15/24: a date, never a phone number. */
const DATE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;

export function isDateLike(text: string): boolean {
  return DATE.test(text);
}

/** The characters a printed phone number is made of. */
const PHONE_PIECE = /^\+?\(?\d[\d().\-/]*$|^\(\d[\d().\-/]*$/;

/**
 * A phone number, given its words. Only shapes that are hard to mistake for another number count:
 * "+44 20 7946 0958" (international), "(555) 123-4567" (area code in brackets), "555-123-4567"
 * (North American), "020 7946 0958" and "06 12 34 56 78" (national, trunk 0, in groups). Any other
 * run of 7–15 digits counts only right after a label such as "Tel" (`labelled`). Dates, times and
 * prices never match: colons, commas and currency signs are not phone characters.
 */
export function isPhoneNumber(pieces: readonly string[], labelled: boolean): boolean {
  if (pieces.length === 0) return false;
  if (pieces.some((p, i) => !PHONE_PIECE.test(p) || (i > 0 && p.startsWith('+')) || isDateLike(p))) return false;
  const text = pieces.join(' ');
  const digits = text.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15 || /^(\d)\1*$/.test(digits)) return false;
  const groups = text.split(/[\s.\-/()]+/).filter(Boolean);
  if (text.startsWith('+')) return digits.length >= 8;
  if (/^\(\d{2,5}\) ?\d/.test(text)) return true;
  if (/^\d{3}([-. ])\d{3}\1\d{4}$/.test(text)) return true;
  if (/^0\d/.test(text) && groups.length >= 2 && digits.length >= 9 && digits.length <= 12) {
    return groups.every((g) => g.length >= 2);
  }
  return labelled;
}

/** A one-time code, PIN or TAN as printed: 4–8 digits, "G-123456", or 4–8 capitals and digits with a digit. */
export function isCode(text: string, allowThreeDigits: boolean): boolean {
  if (allowThreeDigits && /^\d{3}$/.test(text)) return true;
  return /^(?:[A-Z]-)?\d{4,8}$/.test(text) || /^\d{3}[- ]\d{3}$/.test(text) || /^(?=.*\d)[A-Z0-9]{4,8}$/.test(text);
}

/** A password shown in clear: one token, not a plain word (it has a digit or a symbol). */
export function looksLikePassword(text: string): boolean {
  return text.length >= 4 && text.length <= 64 && !/\s/.test(text) && /[^\p{L}]/u.test(text);
}

/** Characters password fields show instead of the password. */
const MASK = /^[•●∙·⋅*◦∗✱⬤⚫]+$/u;

export function isMask(text: string): boolean {
  return MASK.test(text);
}
