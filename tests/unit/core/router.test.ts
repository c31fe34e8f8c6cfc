import { describe, expect, it } from 'vitest';
import { Router, type InvokeHandlers, type StreamHandlers } from '../../../src/core/router';
import { LumenError } from '../../../src/shared/errors';
import type { Settings } from '../../../src/shared/settings';
import { memoryCore } from '../helpers';

const noStreams = { 'diag.echo': () => ({ onData() {}, onClose() {} }) } as unknown as StreamHandlers;

function routerWith(handlers: Partial<InvokeHandlers>, timeoutMs = 1000) {
  return new Router(handlers as InvokeHandlers, noStreams, { timeoutMs });
}

describe('router', () => {
  it('answers a valid request with the handler’s validated reply', async () => {
    const core = await memoryCore();
    expect(await core.router.invoke('app.ping', { nonce: 'abc' })).toEqual({ ok: true, value: { nonce: 'abc' } });
    const info = await core.router.invoke('app.info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'Lumen', host: 'web', version: '0.0.0-test' } });
  });

  it('says what the host does itself: a host with a screen source and hotkeys, and one without', async () => {
    const capabilities = async (core: Awaited<ReturnType<typeof memoryCore>>) => {
      const info = await core.router.invoke('app.info', {});
      return info.ok ? (info.value as { capabilities: unknown }).capabilities : undefined;
    };
    expect(await capabilities(await memoryCore())).toEqual({ screenCapture: false, globalHotkeys: false });
    const report = { supported: true, entries: [] };
    const desktop = await memoryCore({
      screen: {
        capture: async () => ({ image: new Uint8Array(1), width: 1, height: 1, name: '' }),
        displays: () => []
      },
      shortcuts: { apply: () => report, report: () => report }
    });
    expect(await capabilities(desktop)).toEqual({ screenCapture: true, globalHotkeys: true });
  });

  it('gives a structured error for an unknown channel, without echoing markup', async () => {
    const core = await memoryCore();
    const result = await core.router.invoke('<script>alert(1)</script>', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('UNKNOWN_CHANNEL');
    expect(result.error.message).not.toContain('<');
  });

  it('rejects a payload that does not match the contract, naming the field', async () => {
    const core = await memoryCore();
    const result = await core.router.invoke('secrets.setKey', { key: 'has a space' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: expect.stringContaining('An API key has no spaces in it.') }
    });
    expect(await core.router.invoke('app.ping', { nonce: 'x', extra: 1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
  });

  it('turns a handler’s LumenError into its own code and message', async () => {
    const router = routerWith({
      'app.ping': () => {
        throw new LumenError('UNAVAILABLE', 'Not now.');
      }
    });
    expect(await router.invoke('app.ping', { nonce: 'n' })).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'Not now.' }
    });
  });

  it('hides unexpected errors behind a polite INTERNAL error', async () => {
    const router = routerWith({
      'app.ping': () => {
        throw new TypeError('x is undefined');
      }
    });
    const result = await router.invoke('app.ping', { nonce: 'n' });
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('undefined');
  });

  it('never sends a reply that breaks the contract', async () => {
    const router = routerWith({ 'app.ping': () => ({ nonce: 42 }) as never });
    expect(await router.invoke('app.ping', { nonce: 'n' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('answers TIMEOUT instead of hanging when a handler never settles', async () => {
    const router = routerWith({ 'app.ping': () => new Promise<never>(() => {}) }, 50);
    expect(await router.invoke('app.ping', { nonce: 'n' })).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } });
  });

  it('opens known streams and refuses unknown ones', async () => {
    const core = await memoryCore();
    const received: Uint8Array[] = [];
    const opened = core.router.openStream('diag.echo', { send: (c) => received.push(c), close() {} });
    expect(opened.ok).toBe(true);
    if (opened.ok) opened.value.onData(new Uint8Array([1, 2, 3]));
    expect(received).toEqual([new Uint8Array([1, 2, 3])]);
    expect(core.router.openStream('nope', { send() {}, close() {} })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL' }
    });
  });

  it('validates events before a host sends them', async () => {
    const core = await memoryCore();
    expect(core.router.checkEvent('status', { level: 'info', text: 'Hello' }).ok).toBe(true);
    expect(core.router.checkEvent('status', { level: 'shout', text: '' }).ok).toBe(false);
  });

  it('persists settings updates and notifies subscribers', async () => {
    const core = await memoryCore();
    const seen: Settings[] = [];
    core.subscribe((channel, payload) => channel === 'settings.changed' && seen.push(payload as Settings));
    const result = await core.router.invoke('settings.update', { endpoint: 'http://127.0.0.1:1/v1' });
    expect(result).toMatchObject({ ok: true, value: { endpoint: 'http://127.0.0.1:1/v1' } });
    expect(seen.map((s) => s.endpoint)).toEqual(['http://127.0.0.1:1/v1']);
    expect(core.endpoint()).toBe('http://127.0.0.1:1/v1');
  });

  it('tells the user at start-up when saved settings were unreadable', async () => {
    const core = await memoryCore({
      settingsStore: {
        read: async () => {
          throw new SyntaxError('Unexpected token');
        },
        write: async () => {}
      }
    });
    expect(core.startupNotices).toEqual([
      { level: 'error', text: expect.stringContaining('set back to their defaults: all settings') }
    ]);
  });
});
