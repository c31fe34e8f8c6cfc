import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Core } from '../../../src/core/app';
import { tokenProtocols, TOKEN_REFUSED, WS_PATH } from '../../../src/host/web/frames';
import { startWebHost, type WebHost } from '../../../src/host/web/server';
import { memoryCore } from '../helpers';

/*
 * The web host tells when a page is up (the host's start-up warms core then, so the page's own
 * loading is not slowed): once the page's audio player, the last thing it starts, has connected.
 */

let host: WebHost;
let core: Core;
let pagesReady = 0;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-web-ready-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  await writeFile(join(dir, 'shim.js'), '/* shim */');
  core = await memoryCore();
  host = await startWebHost({
    core,
    rendererDir: dir,
    shimFile: join(dir, 'shim.js'),
    onPageReady: () => pagesReady++
  });
});

afterAll(async () => {
  sockets.forEach((s) => s.terminate());
  await host.close();
  await core.close();
});

/** A page's socket: sends a frame and waits for the first reply that matches. */
async function page(protocols = tokenProtocols(host.token)) {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}`, protocols);
  sockets.push(ws);
  const closed = new Promise<number>((resolve) => ws.on('close', resolve));
  const opened = new Promise<boolean>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('close', () => resolve(false));
  });
  const ask = (frame: object, answered: (m: any) => boolean) =>
    new Promise<any>((resolve) => {
      const onMessage = (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return;
        const message = JSON.parse(data.toString());
        if (!answered(message)) return;
        ws.off('message', onMessage);
        resolve(message);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify(frame));
    });
  return { opened, closed, ask };
}

describe('the web host and a page that is up', () => {
  it('is told once the page has opened its audio player, not when it connects or opens another stream', async () => {
    const p = await page();
    expect(await p.opened).toBe(true);
    const ping = await p.ask({ t: 'invoke', id: 1, channel: 'app.ping', payload: { nonce: 'n' } }, (m) => m.id === 1);
    expect(ping.result).toEqual({ ok: true, value: { nonce: 'n' } });
    await p.ask({ t: 'stream-open', sid: 1, channel: 'diag.echo' }, (m) => m.t === 'stream-opened' && m.sid === 1);
    expect(pagesReady).toBe(0);
    await p.ask({ t: 'stream-open', sid: 2, channel: 'speech.audio' }, (m) => m.t === 'stream-opened' && m.sid === 2);
    expect(pagesReady).toBe(1);
  });

  it('is not told of a page refused for want of its token', async () => {
    const before = pagesReady;
    const p = await page(['lumen']);
    expect(await p.closed).toBe(TOKEN_REFUSED);
    expect(pagesReady).toBe(before);
  });
});
