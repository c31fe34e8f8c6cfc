import { describe, expect, it } from 'vitest';
import { answersReducer, type Answers } from '../../../src/renderer/src/components/AnswerPanel';
import { nextZoom, zoomName } from '../../../src/renderer/src/components/PictureViewer';

const none: Answers = { current: null, earlier: null };
const started = (id: string, again?: string) =>
  ({
    type: 'started',
    payload: { id, question: 'Describe what the camera sees.', mode: 'scene', source: 'camera', picture: true, again }
  }) as const;
const delta = (id: string, text: string) => ({ type: 'delta', payload: { id, text } }) as const;
const done = (id: string, text: string, outcome: 'complete' | 'stopped' | 'failed' = 'complete') =>
  ({ type: 'done', payload: { id, text, outcome } }) as const;

const run = (...events: Parameters<typeof answersReducer>[1][]) => events.reduce(answersReducer, none);

describe('the answers the panel shows', () => {
  it('streams the newest answer in, then closes it', () => {
    const state = run(started('a1'), delta('a1', 'A red '), delta('a1', 'door.'));
    expect(state.current).toMatchObject({ id: 'a1', text: 'A red door.', outcome: 'streaming', picture: true });
    expect(run(started('a1'), delta('a1', 'A red'), done('a1', 'A red door.')).current).toMatchObject({
      text: 'A red door.',
      outcome: 'complete'
    });
  });

  it('keeps the answer asked again below the new one, until an answer to something else comes', () => {
    const again = run(started('a1'), done('a1', 'A red door.'), started('a2', 'a1'), delta('a2', 'A door'));
    expect(again.earlier).toMatchObject({ id: 'a1', text: 'A red door.', outcome: 'complete' });
    expect(again.current).toMatchObject({ id: 'a2', text: 'A door', outcome: 'streaming' });
    const twice = run(started('a1'), done('a1', 'One.'), started('a2', 'a1'), done('a2', 'Two.'), started('a3', 'a2'));
    expect(twice.earlier).toMatchObject({ id: 'a2', text: 'Two.' });
    expect(answersReducer(twice, started('a4')).earlier).toBeNull();
  });

  it('a replaced answer’s late events change only that answer', () => {
    const state = run(
      started('a1'),
      delta('a1', 'A red'),
      started('a2', 'a1'),
      delta('a1', ' door'),
      delta('a2', 'Blue')
    );
    expect(state.current).toMatchObject({ id: 'a2', text: 'Blue' });
    const stopped = answersReducer(state, done('a1', 'A red', 'stopped'));
    expect(stopped.current).toBe(state.current);
    expect(stopped.earlier).toMatchObject({ id: 'a1', text: 'A red', outcome: 'stopped' });
  });
});

describe('the picture viewer’s zoom', () => {
  it('steps through its levels and stops at either end', () => {
    expect(nextZoom(1, 1)).toBe(1.5);
    expect(nextZoom(1.5, 1)).toBe(2);
    expect(nextZoom(1, -1)).toBe(1);
    expect(nextZoom(8, 1)).toBe(8);
    expect(nextZoom(2, -1)).toBe(1.5);
    expect(zoomName(1.5)).toBe('150 %');
  });
});
