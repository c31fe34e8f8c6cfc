import { describe, expect, it } from 'vitest';
import { SPOKEN } from '../../../../src/core/conversation';
import { CaptionModels } from '../../../../src/core/conversation/caption-models';

function models(candidates: string[]) {
  const wanted = { list: candidates };
  const captionModels = new CaptionModels(() => wanted.list);
  const refused: string[] = [];
  const unavailable: string[] = [];
  captionModels.on('transcriptionRefused', (model) => refused.push(model));
  captionModels.on('captionsUnavailable', ({ message }) => unavailable.push(message));
  return { captionModels, wanted, refused, unavailable };
}

const echo = (model: string | null) => ({ audio: { input: { transcription: model ? { model } : null } } });

describe('CaptionModels', () => {
  it('asks for the first candidate, and waits for the service to take it before trusting it', () => {
    const { captionModels } = models(['gpt-realtime-whisper', 'gpt-4o-mini-transcribe']);
    const first = captionModels.nextUpdate();
    expect(first.model).toBe('gpt-realtime-whisper');
    expect(captionModels.awaitingAnswer).toBe(true);
    expect(captionModels.nextUpdate().eventId).not.toBe(first.eventId);

    captionModels.updated(echo('gpt-4o-mini-transcribe'));
    expect(captionModels.accepted).toBeUndefined();
    captionModels.updated(echo('gpt-realtime-whisper'));
    expect(captionModels.accepted).toBe('gpt-realtime-whisper');
    expect(captionModels.awaitingAnswer).toBe(false);
  });

  it('knows which model an error is about: the one its update asked for, else the last asked', () => {
    const { captionModels, wanted } = models(['a']);
    const first = captionModels.nextUpdate();
    wanted.list = ['b'];
    captionModels.nextUpdate();
    expect(captionModels.askedBy(first.eventId)).toBe('a');
    expect(captionModels.askedBy(undefined)).toBe('b');
    expect(captionModels.askedBy('someone_else')).toBe('b');
    expect(captionModels.isOurUpdate(first.eventId)).toBe(true);
    expect(captionModels.isOurUpdate('someone_else')).toBe(false);
    expect(captionModels.isOurUpdate(null)).toBe(false);
    expect(captionModels.isLatest('b')).toBe(true);
    expect(captionModels.isLatest('a')).toBe(false);
  });

  it('asks for the next candidate once one is refused, says each refusal once, and says once when none is left', () => {
    const { captionModels, refused, unavailable } = models(['a', 'b']);
    captionModels.nextUpdate();
    captionModels.refuse('a');
    captionModels.refuse('a');
    expect(refused).toEqual(['a']);
    captionModels.sayIfNoneLeft();
    expect(unavailable).toEqual([]);
    expect(captionModels.nextUpdate().model).toBe('b');

    captionModels.refuse('b');
    captionModels.sayIfNoneLeft();
    captionModels.sayIfNoneLeft();
    expect(unavailable).toEqual([SPOKEN.captionsUnavailable]);
    expect(captionModels.nextUpdate().model).toBeNull();
    expect(captionModels.awaitingAnswer).toBe(false);
  });

  it('keeps what the service said for later connections, and forgets each connection’s own updates', () => {
    const { captionModels } = models(['a', 'b']);
    captionModels.nextUpdate();
    captionModels.refuse('a');
    captionModels.nextUpdate();
    captionModels.updated(echo('b'));
    captionModels.newConnection();
    expect(captionModels.askedBy(undefined)).toBeUndefined();
    expect(captionModels.awaitingAnswer).toBe(false);
    expect(captionModels.nextUpdate().model).toBe('b');
    // Asking for the model it accepted before, a new connection need not wait.
    expect(captionModels.awaitingAnswer).toBe(false);
  });

  it('no longer trusts an accepted model the service later refuses', () => {
    const { captionModels } = models(['a', 'b']);
    captionModels.nextUpdate();
    captionModels.updated(echo('a'));
    captionModels.refuse('a');
    expect(captionModels.accepted).toBeUndefined();
    expect(captionModels.choice()).toBe('b');
  });

  it('asks for no captions when none are wanted', () => {
    const { captionModels } = models([]);
    expect(captionModels.nextUpdate().model).toBeNull();
    expect(captionModels.awaitingAnswer).toBe(false);
  });
});
