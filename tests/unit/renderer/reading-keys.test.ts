import { describe, expect, it } from 'vitest';
import { keyToAction } from '../../../src/renderer/src/components/ReadingPanel';

const press = (key: string, modifiers: { ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean } = {}) =>
  keyToAction({ key, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...modifiers });

describe('keys in the text reader', () => {
  it('moves by line with the arrows, by paragraph with Control or Alt (Option) or the page keys', () => {
    expect(press('ArrowDown')).toBe('next-line');
    expect(press('ArrowUp')).toBe('previous-line');
    expect(press('ArrowDown', { ctrlKey: true })).toBe('next-paragraph');
    expect(press('ArrowUp', { altKey: true })).toBe('previous-paragraph');
    expect(press('PageDown')).toBe('next-paragraph');
    expect(press('PageUp')).toBe('previous-paragraph');
  });

  it('moves by word, spells, says where, and repeats with single keys in either case', () => {
    expect(press('ArrowRight')).toBe('next-word');
    expect(press('ArrowLeft')).toBe('previous-word');
    expect([press('s'), press('S')]).toEqual(['spell-word', 'spell-word']);
    expect([press('w'), press('W')]).toEqual(['where', 'where']);
    expect([press('r'), press('R'), press('Enter')]).toEqual(['repeat', 'repeat', 'repeat']);
  });

  it('leaves Command, modified letters and every other key to the system and the screen reader', () => {
    expect(press('ArrowDown', { metaKey: true })).toBeUndefined();
    expect(press('s', { ctrlKey: true })).toBeUndefined();
    expect(press('ArrowRight', { altKey: true })).toBeUndefined();
    expect(press('Tab')).toBeUndefined();
    expect(press('Escape')).toBeUndefined();
    expect(press('x')).toBeUndefined();
  });
});
