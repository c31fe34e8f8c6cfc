import { describe, expect, it } from 'vitest';
import { ReplyAudioLedger } from '../../../../src/core/conversation/reply-audio-ledger';

/** A delta of `ms` of reply audio (24 kHz PCM16), base64 as the service sends it. */
const delta = (ms: number, value = 1) => Buffer.from(new Int16Array(ms * 24).fill(value).buffer).toString('base64');

describe('ReplyAudioLedger', () => {
  it('passes reply audio on and remembers the item that may be playing', () => {
    const ledger = new ReplyAudioLedger();
    expect(ledger.lastPassedOn).toBeUndefined();
    const samples = ledger.receive('r1', 'item1', 0, delta(100, 7));
    expect(samples).toEqual(new Int16Array(2400).fill(7));
    expect(ledger.lastPassedOn).toMatchObject({ itemId: 'item1', contentIndex: 0, responseId: 'r1' });
  });

  it('joins a sample split across deltas', () => {
    const ledger = new ReplyAudioLedger();
    const bytes = Buffer.from(new Int16Array([1000, -2000]).buffer);
    expect(ledger.receive('r1', 'item1', 0, bytes.subarray(0, 3).toString('base64'))).toEqual(new Int16Array([1000]));
    expect(ledger.receive('r1', 'item1', 0, bytes.subarray(3).toString('base64'))).toEqual(new Int16Array([-2000]));
  });

  it('drops the audio of a dropped item or response, which is then a dropped item too', () => {
    const ledger = new ReplyAudioLedger();
    ledger.receive('r1', 'item1', 0, delta(100));
    ledger.dropItem('item1');
    expect(ledger.receive('r1', 'item1', 0, delta(100))).toBeUndefined();
    ledger.dropResponse('r2');
    expect(ledger.isItemDropped('item2')).toBe(false);
    expect(ledger.receive('r2', 'item2', 0, delta(100))).toBeUndefined();
    expect(ledger.isItemDropped('item2')).toBe(true);
    expect(ledger.isDropped('r3', 'item2')).toBe(true);
    expect(ledger.isDropped('r2', 'item3')).toBe(true);
    expect(ledger.isResponseDropped('r1')).toBe(false);
    // What may be playing is still the last item passed on.
    expect(ledger.lastPassedOn?.itemId).toBe('item1');
  });

  it('truncates an item at what was heard, with all the audio the service made for it', () => {
    const ledger = new ReplyAudioLedger();
    ledger.receive('r1', 'item1', 0, delta(1000));
    ledger.dropItem('item1');
    ledger.receive('r1', 'item1', 0, delta(500));
    expect(ledger.heard('item1', 0, 249.6)).toMatchObject({ itemId: 'item1' });
    expect(ledger.truncate('item1')).toEqual({ itemId: 'item1', contentIndex: 0, audioEndMs: 250, totalMs: 1500 });
    // Once truncated, later reports are not for this item.
    expect(ledger.heard('item1', 0, 400)).toBeUndefined();
  });

  it('never truncates past what was played; heard to the end of everything made, nothing is forgotten', () => {
    const ledger = new ReplyAudioLedger();
    ledger.receive('r1', 'item1', 0, delta(1000));
    ledger.heard('item1', 0, 5000);
    expect(ledger.truncate('item1')).toBeUndefined();

    ledger.receive('r2', 'item2', 0, delta(1000));
    ledger.dropResponse('r2');
    ledger.receive('r2', 'item2', 0, delta(100));
    ledger.heard('item2', 0, 5000);
    expect(ledger.truncate('item2')).toMatchObject({ audioEndMs: 1000, totalMs: 1100 });
  });

  it('reads a report it cannot use as nothing heard, and ignores reports for other content', () => {
    const ledger = new ReplyAudioLedger();
    ledger.receive('r1', 'item1', 0, delta(100));
    expect(ledger.heard('item1', 1, 50)).toBeUndefined();
    expect(ledger.heard('unknown', 0, 50)).toBeUndefined();
    ledger.heard('item1', 0, Number.NaN);
    expect(ledger.truncate('item1')).toMatchObject({ audioEndMs: 0 });
  });

  it('owes a truncate until the item’s response is done, then owes nothing', () => {
    const ledger = new ReplyAudioLedger();
    ledger.receive('r1', 'item1', 0, delta(1000));
    ledger.heard('item1', 0, 300);
    ledger.truncateWhenDone('item1');
    expect(ledger.dueTruncations('r2')).toEqual([]);
    expect(ledger.dueTruncations('r1')).toEqual([{ itemId: 'item1', contentIndex: 0, audioEndMs: 300, totalMs: 1000 }]);
    expect(ledger.dueTruncations('r1')).toEqual([]);
  });

  it('starts afresh on a new connection', () => {
    const ledger = new ReplyAudioLedger();
    ledger.receive('r1', 'item1', 0, delta(100));
    ledger.dropResponse('r1');
    ledger.reset();
    expect(ledger.lastPassedOn).toBeUndefined();
    expect(ledger.isResponseDropped('r1')).toBe(false);
    expect(ledger.heard('item1', 0, 50)).toBeUndefined();
  });
});
