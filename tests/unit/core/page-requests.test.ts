import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventChannel, EventPayload } from '../../../src/shared/contract';
import { PageRequests } from '../../../src/core/page-requests';
import { memoryCore, speakAsPage } from '../helpers';

/** A PageRequests whose emitted events are kept, as the page would receive them. */
function pageRequests() {
  const sent: Array<{ channel: EventChannel; payload: unknown }> = [];
  const requests = new PageRequests((channel, payload) => void sent.push({ channel, payload }));
  const asked = () =>
    sent.filter((e) => e.channel === 'page.request').map((e) => e.payload as EventPayload<'page.request'>);
  const reply = (payload: { id: string; reply?: unknown; error?: string }) =>
    requests.handlers()['page.reply']({ ...payload });
  return { requests, sent, asked, reply };
}

const picture = new Uint8Array([0xff, 0xd8, 0xff]);

describe('core asks the page', () => {
  afterEach(() => void vi.useRealTimers());

  it('sends the request with its channel and payload, and resolves with the checked reply', async () => {
    const { requests, asked, reply } = pageRequests();
    const answer = requests.ask('conversation.look', { source: 'camera' }, { timeoutMs: 1000 });
    expect(asked()).toEqual([{ id: expect.any(String), channel: 'conversation.look', payload: { source: 'camera' } }]);
    expect(reply({ id: asked()[0]!.id, reply: { image: picture, windowName: 'Notes' } })).toEqual({ known: true });
    await expect(answer).resolves.toEqual({ image: picture, windowName: 'Notes' });
    // A second reply to the same request, or one to a request never made, is recognised as such.
    expect(reply({ id: asked()[0]!.id, reply: { image: picture } })).toEqual({ known: false });
    expect(reply({ id: 'made-up', reply: { image: picture } })).toEqual({ known: false });
  });

  it('refuses a reply that does not fit the channel, and the ask fails with it', async () => {
    const { requests, asked, reply } = pageRequests();
    const answer = requests.ask('speech.utterance', utterance('Hello.'), { timeoutMs: 1000 });
    expect(() => reply({ id: asked()[0]!.id, reply: { outcome: 'sung' } })).toThrow(/not a reply to speech.utterance/);
    await expect(answer).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('passes on the page’s own reason when it could not do it', async () => {
    const { requests, asked, reply } = pageRequests();
    const answer = requests.ask('conversation.look', { source: 'screen' }, { timeoutMs: 1000 });
    reply({ id: asked()[0]!.id, error: 'The screen could not be shared.' });
    await expect(answer).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'The screen could not be shared.' });
  });

  it('gives up at the time limit, tells the page to stop, and ignores a late reply', async () => {
    vi.useFakeTimers();
    const { requests, sent, asked, reply } = pageRequests();
    const answer = requests.ask('conversation.look', { source: 'camera' }, { timeoutMs: 20_000, late: 'Too slow.' });
    const failed = expect(answer).rejects.toMatchObject({ code: 'TIMEOUT', message: 'Too slow.' });
    vi.advanceTimersByTime(19_999);
    expect(sent.filter((e) => e.channel === 'page.cancel')).toEqual([]);
    vi.advanceTimersByTime(1);
    await failed;
    expect(sent.filter((e) => e.channel === 'page.cancel')).toEqual([
      { channel: 'page.cancel', payload: { id: asked()[0]!.id } }
    ]);
    expect(reply({ id: asked()[0]!.id, reply: { image: picture } })).toEqual({ known: false });
  });

  it('stops waiting when the caller aborts, and tells the page', async () => {
    const { requests, sent, asked } = pageRequests();
    const abort = new AbortController();
    const answer = requests.ask('speech.utterance', utterance('Long text.'), {
      timeoutMs: 60_000,
      signal: abort.signal
    });
    abort.abort();
    await expect(answer).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(sent.at(-1)).toEqual({ channel: 'page.cancel', payload: { id: asked()[0]!.id } });
  });

  it('in a running core, a text utterance is said through the page and Stop cancels the one in progress', async () => {
    const core = await memoryCore();
    await core.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
    const heard: string[] = [];
    speakAsPage(core, (u) => heard.push(u.text), false);
    const cancelled = new Promise<string>((resolve) =>
      core.subscribe((channel, payload) => {
        if (channel === 'page.cancel') resolve((payload as { id: string }).id);
      })
    );
    core.router.invoke('speech.speak', { text: 'One sentence the page never finishes.' });
    await vi.waitFor(() => expect(heard).toEqual(['One sentence the page never finishes.']));
    await core.router.invoke('speech.control', { action: 'stop' });
    expect(await cancelled).toMatch(/^speech\.utterance-/);
  });
});

function utterance(text: string) {
  return {
    id: '1',
    text,
    provider: 'screen-reader' as const,
    urgent: false,
    rate: 1,
    volume: 1,
    voice: '',
    language: '',
    kind: 'message' as const
  };
}
