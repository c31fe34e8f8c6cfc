import { describe, expect, it } from 'vitest';
import { CaptionStream } from '../../../../src/core/conversation/caption-stream';
import type { RealtimeCaption } from '../../../../src/core/conversation';

function stream() {
  const captions = new CaptionStream();
  const shown: RealtimeCaption[] = [];
  captions.on('caption', (caption) => shown.push(caption));
  return { captions, shown };
}

describe('CaptionStream', () => {
  it('shows words as they come, then the whole text once final', () => {
    const { captions, shown } = stream();
    captions.add('assistant', 'item1', 'Hello', false);
    captions.add('assistant', 'item1', '', false);
    captions.add('assistant', 'item1', ' there', false);
    captions.add('assistant', 'item1', 'Hello there.', true);
    expect(shown).toEqual([
      { role: 'assistant', itemId: 'item1', delta: 'Hello', text: 'Hello', final: false },
      { role: 'assistant', itemId: 'item1', delta: ' there', text: 'Hello there', final: false },
      { role: 'assistant', itemId: 'item1', delta: '.', text: 'Hello there.', final: true }
    ]);
  });

  it('a final text that does not go on from what was shown comes whole', () => {
    const { captions, shown } = stream();
    captions.add('user', 'item1', 'wether', false);
    captions.add('user', 'item1', 'What is the weather?', true);
    expect(shown.at(-1)).toEqual({
      role: 'user',
      itemId: 'item1',
      delta: 'What is the weather?',
      text: 'What is the weather?',
      final: true
    });
  });

  it('shows nothing more of an item once its caption is final', () => {
    const { captions, shown } = stream();
    captions.add('assistant', 'item1', 'Done.', true);
    captions.add('assistant', 'item1', ' More', false);
    captions.add('assistant', 'item1', 'Done. More.', true);
    captions.closeInterrupted('item1');
    expect(shown).toHaveLength(1);
  });

  it('closes a reply cut short with what was shown, once', () => {
    const { captions, shown } = stream();
    captions.add('assistant', 'item1', 'Here is part', false);
    expect(captions.unfinished()).toEqual(['item1']);
    captions.closeInterrupted('item1');
    captions.closeInterrupted('item1');
    captions.closeInterrupted('unknown');
    expect(shown.slice(1)).toEqual([
      { role: 'assistant', itemId: 'item1', delta: '', text: 'Here is part', final: true, interrupted: true }
    ]);
    expect(captions.unfinished()).toEqual([]);
    captions.add('assistant', 'item1', 'Here is part one.', true);
    expect(shown).toHaveLength(2);
  });

  it('lists the captions still coming, and starts afresh on a new connection', () => {
    const { captions } = stream();
    captions.add('user', 'item1', 'Hi', false);
    captions.add('assistant', 'item2', 'Hello', false);
    captions.add('assistant', 'item3', 'Done.', true);
    expect(captions.unfinished()).toEqual(['item1', 'item2']);
    captions.reset();
    expect(captions.unfinished()).toEqual([]);
  });
});
