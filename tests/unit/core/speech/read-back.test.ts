import { describe, expect, it } from 'vitest';
import { checkReadBack, namesOf, normaliseWords } from '../../../../src/core/speech/read-back';

describe('normaliseWords', () => {
  it('evens out case, punctuation, spacing and apostrophes', () => {
    expect(normaliseWords('  Hello,   WORLD! Don’t   panic… ')).toEqual(['hello', 'world', 'dont', 'panic']);
  });

  it('writes number words as digits, 0 to 20 and beyond', () => {
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
    const teens = ['eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen'];
    [...words, ...teens, 'nineteen', 'twenty'].forEach((word, n) => expect(normaliseWords(word)).toEqual([String(n)]));
    expect(normaliseWords('twenty-one')).toEqual(['21']);
    expect(normaliseWords('ninety nine')).toEqual(['99']);
    expect(normaliseWords('one hundred and five')).toEqual(['105']);
    expect(normaliseWords('two thousand and twenty-six')).toEqual(['2026']);
    expect(normaliseWords('fifteen hundred')).toEqual(['1500']);
    expect(normaliseWords('a hundred')).toEqual(['a', '100']);
  });

  it('keeps separate numbers apart, and reads ordinals, thousands separators and letters with digits', () => {
    expect(normaliseWords('five six seven')).toEqual(['5', '6', '7']);
    expect(normaliseWords('Five past 9.')).toEqual(['5', 'past', '9']);
    expect(normaliseWords('1,500 people')).toEqual(['1500', 'people']);
    expect(normaliseWords('the 3rd floor')).toEqual(['the', '3', 'floor']);
    expect(normaliseWords('the third floor')).toEqual(['the', '3', 'floor']);
    expect(normaliseWords('the twenty-first')).toEqual(['the', '21']);
    expect(normaliseWords('B12 at 10am')).toEqual(['b', '12', 'at', '10', 'am']);
    expect(normaliseWords('nine oh five')).toEqual(['9', '0', '5']);
  });
});

describe('namesOf', () => {
  it('takes capitalised words inside sentences, not those starting one, nor I or titles', () => {
    expect(namesOf('Meet Dr. Patel in New York at 5. Then I go to "Leeds" with Anna.')).toEqual([
      ['patel'],
      ['new'],
      ['york'],
      ['leeds'],
      ['anna']
    ]);
    expect(namesOf('Where is it? Over there: Platform B2.')).toEqual([['b', '2']]);
    expect(namesOf('')).toEqual([]);
  });
});

describe('checkReadBack', () => {
  it('finds nothing when the voice said the text, in whatever case, punctuation or number words', () => {
    expect(checkReadBack('It is 5 degrees.', 'It is five degrees.')).toEqual({
      differed: false,
      numbersDiffer: false,
      namesDiffer: false,
      repeat: false
    });
    expect(checkReadBack('The 12:30 to Leeds', 'the twelve thirty to Leeds.').differed).toBe(false);
  });

  it('notes other wording, but repeats only for numbers or names', () => {
    expect(checkReadBack('Take the lift to floor 12, please.', 'Please take the lift to floor twelve.')).toEqual({
      differed: true,
      numbersDiffer: false,
      namesDiffer: false,
      repeat: false
    });
    expect(checkReadBack('Take the lift to floor 12.', 'Take the lift to floor twenty.')).toMatchObject({
      differed: true,
      numbersDiffer: true,
      repeat: true
    });
    expect(checkReadBack('Take the lift to floor 12.', 'Take the lift.')).toMatchObject({ repeat: true });
    expect(checkReadBack('Meet Anna at the station.', 'Meet Hannah at the station.')).toEqual({
      differed: true,
      numbersDiffer: false,
      namesDiffer: true,
      repeat: true
    });
    // A name the voice made up is as bad as one it left out.
    expect(checkReadBack('Meet her at the station.', 'Meet Hannah at the station.')).toMatchObject({
      namesDiffer: true,
      repeat: true
    });
  });

  it('accepts a number read digit by digit or in groups, and a name in another case', () => {
    expect(checkReadBack('Call 555 1234.', 'Call five five five, one two three four.')).toMatchObject({
      numbersDiffer: false,
      repeat: false
    });
    expect(checkReadBack('Born in 1984.', 'Born in nineteen eighty-four.').repeat).toBe(false);
    expect(checkReadBack('It opens at 9:05 in Leeds.', 'It opens at nine oh five in leeds.')).toMatchObject({
      numbersDiffer: false,
      namesDiffer: false,
      repeat: false
    });
  });

  it('does not ask for a repeat when there is no transcript to compare with', () => {
    expect(checkReadBack('Take the lift to floor 12.', '')).toEqual({
      differed: false,
      numbersDiffer: false,
      namesDiffer: false,
      repeat: false
    });
  });
});
