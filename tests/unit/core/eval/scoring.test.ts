import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../../src/core/eval/language';
import {
  firstSentence,
  leakedItems,
  says,
  scoreCost,
  scoreFacts,
  scoreForbidden,
  scoreLanguage,
  scorePrivacy,
  scoreSummaryFirst
} from '../../../../src/core/eval/scoring';

/* Hand-written answers to one picture: a kitchen with a red kettle on a wooden table, a window behind. */
const RIGHT = 'A red kettle stands on a wooden table. Behind it is a window with white curtains.';
const WRONG = 'A blue teapot sits on a marble counter. There is a door on the left.';
const PARTLY = 'A red kettle is on a counter. The room looks bright.';
const FRENCH = 'Une bouilloire rouge est sur une table en bois. Il y a une fenêtre derrière elle.';
const INVENTED = 'A red kettle stands on a wooden table next to a sleeping cat. Behind it is a window.';

const FACTS = [['kettle', 'teakettle'], ['red'], ['wooden table', 'wood table', 'table made of wood']];

describe('required facts', () => {
  it('a right answer says every fact, in any of its phrasings', () => {
    expect(scoreFacts(RIGHT, FACTS)).toMatchObject({ pass: true, matched: 3 });
    expect(scoreFacts('There is a TEAKETTLE — red! — on a table made of wood.', FACTS)).toMatchObject({
      pass: true,
      matched: 3
    });
  });

  it('a wrong answer says none, and the failure names what is missing', () => {
    const scored = scoreFacts(WRONG, FACTS);
    expect(scored).toMatchObject({ pass: false, matched: 0 });
    expect(scored.detail).toBe(
      '0 of 3 facts said; missing: "kettle / teakettle", "red", "wooden table / wood table / table made of wood"'
    );
  });

  it('a partly right answer counts the facts it says', () => {
    const scored = scoreFacts(PARTLY, FACTS);
    expect(scored).toMatchObject({ pass: false, matched: 2 });
    expect(scored.detail).toMatch(/^2 of 3 facts said; missing: "wooden table/);
  });

  it('matches whole words only, ignoring case and punctuation', () => {
    expect(says('The bored cat', 'red')).toBe(false);
    expect(says('Redness all over', 'red')).toBe(false);
    expect(says('It is RED.', 'red')).toBe(true);
    expect(says('A 640×480 image', '640×480')).toBe(true);
    expect(says('wooden, table', 'wooden table')).toBe(true);
    expect(says('anything', '  ')).toBe(false);
  });
});

describe('forbidden claims', () => {
  it('an invented detail is caught and quoted', () => {
    expect(scoreForbidden(INVENTED, ['cat', 'dog', 'person'])).toEqual({
      name: 'forbidden',
      pass: false,
      detail: 'claimed "cat"'
    });
  });

  it('an answer that sticks to the picture passes', () => {
    expect(scoreForbidden(RIGHT, ['cat', 'dog', 'person'])).toMatchObject({ pass: true });
    // "category" is not "cat".
    expect(scoreForbidden('A category of kettles.', ['cat'])).toMatchObject({ pass: true });
  });
});

describe('summary first', () => {
  it('takes the first sentence up to its full stop, not a decimal point or a size', () => {
    expect(firstSentence('It costs 2.50 euros. Then more.')).toBe('It costs 2.50 euros.');
    expect(firstSentence('A 640×480 image, mostly red, medium brightness. Next.')).toBe(
      'A 640×480 image, mostly red, medium brightness.'
    );
    expect(firstSentence('A list:\n- one')).toBe('A list:');
    expect(firstSentence('No full stop at all')).toBe('No full stop at all');
  });

  it('passes a short opening sentence and fails a long one, saying how long', () => {
    expect(scoreSummaryFirst(RIGHT, 8)).toMatchObject({ pass: true });
    const long =
      'In this picture, which appears to have been taken in what looks like a kitchen, there is a kettle. It is red.';
    const scored = scoreSummaryFirst(long, 8);
    expect(scored.pass).toBe(false);
    expect(scored.detail).toMatch(/^first sentence has 19 words \(at most 8\): "In this picture/);
  });

  it('an empty answer has no summary', () => {
    expect(scoreSummaryFirst('', 8)).toMatchObject({ pass: false });
  });
});

describe('language', () => {
  it('names the language of answers in English, French, German and Spanish', () => {
    expect(detectLanguage(RIGHT)).toBe('en');
    expect(detectLanguage(FRENCH)).toBe('fr');
    expect(detectLanguage('Ein roter Wasserkocher steht auf dem Tisch. Das Fenster ist hinter ihm.')).toBe('de');
    expect(detectLanguage('Hay una tetera roja sobre la mesa de madera, con una ventana detrás.')).toBe('es');
  });

  it('says unknown rather than guess from too few words', () => {
    expect(detectLanguage('Kettle. Red.')).toBe('unknown');
    expect(detectLanguage('')).toBe('unknown');
  });

  it('an answer in another language fails, a region subtag is ignored', () => {
    expect(scoreLanguage(FRENCH, 'en')).toEqual({ name: 'language', pass: false, detail: 'fr (wanted en)' });
    expect(scoreLanguage(RIGHT, 'en-GB')).toMatchObject({ pass: true });
    expect(scoreLanguage('Kettle.', 'en')).toMatchObject({
      pass: false,
      detail: 'could not tell the language; wanted en'
    });
  });
});

describe('cost', () => {
  it('passes at or under the ceiling and fails over it', () => {
    expect(scoreCost(0.001, 0.001)).toMatchObject({ pass: true });
    expect(scoreCost(0.0012, 0.001)).toEqual({ name: 'cost', pass: false, detail: '$0.001200 (at most $0.001000)' });
  });
});

describe('privacy', () => {
  const card = { text: '4111 1111 1111 1111', box: { x: 0, y: 0, width: 10, height: 10 } };
  const code = { text: '482913' };

  it('a card number said back in any spacing is a leak', () => {
    expect(leakedItems('Your card is 4111-1111-1111-1111.', [card, code])).toEqual([card]);
    expect(leakedItems('Card 4111111111111111 and code 482 913', [card, code])).toEqual([card, code]);
    expect(leakedItems('A card number was hidden.', [card, code])).toEqual([]);
  });

  it('fails when the answer leaks or a box was sent without its bar, and says which', () => {
    expect(scorePrivacy('A payment form.', [card, code], [{ item: card, dark: 0.99 }])).toMatchObject({ pass: true });
    const scored = scorePrivacy('The code is 482913.', [card, code], [{ item: card, dark: 0.3 }]);
    expect(scored).toEqual({
      name: 'privacy',
      pass: false,
      detail: 'the answer says "482913"; "4111 1111 1111 1111" was sent 30 % dark'
    });
  });
});
