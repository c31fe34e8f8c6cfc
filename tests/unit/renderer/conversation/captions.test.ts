import { describe, expect, it } from 'vitest';
import type { ConversationCaption } from '../../../../src/shared/contract';
import {
  captionLine,
  endsUnfinishedWords,
  MAX_CAPTION_LINES,
  withCutOff,
  withFinished,
  withoutItem,
  withPartial,
  type CaptionLine
} from '../../../../src/renderer/src/conversation/captions';

const caption = (itemId: string, text: string, more: Partial<ConversationCaption> = {}): ConversationCaption => ({
  role: 'assistant',
  itemId,
  delta: '',
  text,
  final: false,
  ...more
});
const line = (key: number, itemId: string, text: string): CaptionLine => captionLine(caption(itemId, text), key);

describe('a caption line', () => {
  it('is the caption trimmed, with who said it and whether it was cut short', () => {
    expect(captionLine(caption('a', '  Hello there. \n', { role: 'user', interrupted: true }), 7)).toEqual({
      key: 7,
      itemId: 'a',
      role: 'user',
      text: 'Hello there.',
      interrupted: true
    });
    expect(captionLine(caption('a', 'Hi'), 1).interrupted).toBe(false);
  });
});

describe('lines still being said', () => {
  it('grow in place: a later caption of the same item replaces its line and keeps its key', () => {
    let partials = withPartial([], line(1, 'a', 'The cup'));
    partials = withPartial(partials, line(2, 'b', 'Where'));
    partials = withPartial(partials, line(3, 'a', 'The cup is blue'));
    expect(partials).toEqual([line(1, 'a', 'The cup is blue'), line(2, 'b', 'Where')]);
  });

  it('lose a line once its item is finished', () => {
    const partials = [line(1, 'a', 'The cup'), line(2, 'b', 'Where')];
    expect(withoutItem(partials, 'a')).toEqual([line(2, 'b', 'Where')]);
    expect(withoutItem(partials, 'c')).toEqual(partials);
  });
});

describe('finished captions', () => {
  it('keep each finished line in order, but not one where nothing was said', () => {
    const captions = withFinished([line(1, 'a', 'Hello.')], line(2, 'b', 'Hi.'));
    expect(captions.map((l) => l.text)).toEqual(['Hello.', 'Hi.']);
    expect(withFinished(captions, line(3, 'c', ''))).toBe(captions);
  });

  it(`keep the last ${MAX_CAPTION_LINES} lines; older ones scroll away`, () => {
    let captions: CaptionLine[] = [];
    for (let key = 1; key <= MAX_CAPTION_LINES + 5; key++)
      captions = withFinished(captions, line(key, `i${key}`, 'Yes.'));
    expect(captions).toHaveLength(MAX_CAPTION_LINES);
    expect(captions[0]!.key).toBe(6);
    expect(captions.at(-1)!.key).toBe(MAX_CAPTION_LINES + 5);
  });

  it('take lines that will never be finished as cut off', () => {
    const captions = withCutOff([line(1, 'a', 'Hello.')], [line(2, 'b', 'The cup is')]);
    expect(captions).toEqual([line(1, 'a', 'Hello.'), { ...line(2, 'b', 'The cup is'), interrupted: true }]);
  });

  it('are cut off when the line drops or the conversation ends, not while it runs', () => {
    expect(endsUnfinishedWords('reconnecting')).toBe(true);
    expect(endsUnfinishedWords('closed')).toBe(true);
    expect(endsUnfinishedWords('idle')).toBe(true);
    for (const state of ['connecting', 'listening', 'thinking', 'speaking'] as const) {
      expect(endsUnfinishedWords(state)).toBe(false);
    }
  });
});
