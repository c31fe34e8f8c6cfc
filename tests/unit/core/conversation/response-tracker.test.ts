import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';
import { describe, expect, it } from 'vitest';
import { ResponseTracker } from '../../../../src/core/conversation/response-tracker';

function tracker() {
  const sent: RealtimeClientEvent[] = [];
  return { responses: new ResponseTracker((event) => sent.push(event)), sent };
}

const create = { type: 'response.create' };
const cancel = (id: string) => ({ type: 'response.cancel', response_id: id });

describe('ResponseTracker', () => {
  it('asks for an answer once; one asked for meanwhile is owed until the response is done', () => {
    const { responses, sent } = tracker();
    expect(responses.request()).toBe(true);
    expect(responses.phase).toBe('requested');
    expect(responses.request()).toBe(false);
    expect(responses.phase).toBe('requested+owed');
    expect(sent).toEqual([create]);

    expect(responses.created('r1')).toBe(false);
    expect(responses.phase).toBe('active+owed');
    expect(responses.activeId).toBe('r1');
    responses.done('r1');
    expect(responses.phase).toBe('owed');
    expect(responses.busy).toBe(false);
    expect(responses.activeId).toBeUndefined();

    expect(responses.takeOwed()).toBe(true);
    expect(responses.phase).toBe('none');
    expect(responses.takeOwed()).toBe(false);
    expect(responses.request()).toBe(true);
    expect(sent).toEqual([create, create]);
  });

  it('tracks a response the service made itself (server VAD) as its own', () => {
    const { responses, sent } = tracker();
    responses.created('r1');
    expect(responses.phase).toBe('active');
    expect(responses.busy).toBe(true);
    expect(responses.isActive('r1')).toBe(true);
    expect(responses.isActive('r2')).toBe(false);
    expect(responses.request()).toBe(false);
    expect(responses.phase).toBe('active+owed');
    responses.done('r1');
    expect(responses.takeOwed()).toBe(true);
    expect(sent).toEqual([]);
  });

  it('cancels only a response being made, and only once', () => {
    const { responses, sent } = tracker();
    responses.cancel();
    expect(responses.phase).toBe('none');
    responses.created('r1');
    responses.cancel();
    responses.cancel();
    expect(responses.phase).toBe('cancelling');
    expect(responses.busy).toBe(true);
    expect(sent).toEqual([cancel('r1')]);
    responses.done('r1');
    expect(responses.phase).toBe('none');
  });

  it('cancels a response asked for and then interrupted as soon as it is created', () => {
    const { responses, sent } = tracker();
    responses.request();
    responses.cancel();
    expect(responses.phase).toBe('unwanted');
    expect(responses.busy).toBe(true);
    expect(sent).toEqual([create]);
    expect(responses.created('r1')).toBe(true);
    expect(responses.phase).toBe('cancelling');
    expect(sent).toEqual([create, cancel('r1')]);
  });

  it('a question asked after interrupting an answer not yet created is answered once that one is cancelled', () => {
    const { responses, sent } = tracker();
    responses.request();
    responses.cancel();
    // The user asks again before the service has created the first response.
    expect(responses.request()).toBe(false);
    expect(responses.phase).toBe('unwanted+owed');
    expect(responses.created('r1')).toBe(true);
    expect(responses.phase).toBe('cancelling+owed');
    responses.done('r1');
    expect(responses.phase).toBe('owed');
    expect(responses.takeOwed()).toBe(true);
    expect(responses.request()).toBe(true);
    expect(sent).toEqual([create, cancel('r1'), create]);
  });

  it('an unwanted response the service refused leaves the later question owed', () => {
    const { responses } = tracker();
    responses.request();
    responses.cancel();
    responses.request();
    responses.refused();
    expect(responses.phase).toBe('owed');
  });

  it('forgets what is owed when cancelling; an answer asked for after the cancel is owed again', () => {
    const { responses, sent } = tracker();
    responses.created('r1');
    responses.request();
    responses.cancel();
    expect(responses.phase).toBe('cancelling');
    expect(responses.request()).toBe(false);
    expect(responses.phase).toBe('cancelling+owed');
    responses.done('r1');
    expect(responses.takeOwed()).toBe(true);
    expect(sent).toEqual([cancel('r1')]);
  });

  it('a new response replaces the one being cancelled, and can be cancelled in turn', () => {
    const { responses, sent } = tracker();
    responses.created('r1');
    responses.cancel();
    responses.created('r2');
    expect(responses.phase).toBe('active');
    responses.cancel();
    expect(sent).toEqual([cancel('r1'), cancel('r2')]);
  });

  it('the end of another response leaves the one being made alone', () => {
    const { responses } = tracker();
    responses.created('r1');
    responses.done('r0');
    expect(responses.phase).toBe('active');
    expect(responses.activeId).toBe('r1');
  });

  it('stops waiting for a create the service refused, keeping what is owed', () => {
    const { responses } = tracker();
    responses.request();
    responses.refused();
    expect(responses.phase).toBe('none');
    responses.request();
    responses.request();
    responses.refused();
    expect(responses.phase).toBe('owed');
    responses.created('r1');
    responses.refused();
    expect(responses.phase).toBe('active+owed');
  });

  it('starts afresh on a new connection', () => {
    const { responses } = tracker();
    responses.created('r1');
    responses.request();
    responses.reset();
    expect(responses.phase).toBe('none');
    expect(responses.activeId).toBeUndefined();
    expect(responses.busy).toBe(false);
  });
});
