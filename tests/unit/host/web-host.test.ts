import fc from 'fast-check';
import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../../src/host/web/server';
import { packChunk, SHIM_PATH, WS_PATH } from '../../../src/host/web/frames';
import { memoryCore } from '../helpers';

let host: WebHost;
let sockets: WebSocket[] = [];

beforeEach(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-web-'));
  await mkdir(join(dir, 'renderer', 'assets'), { recursive: true });
  await writeFile(
    join(dir, 'renderer', 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>'
  );
  await writeFile(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside');
  await writeFile(join(dir, 'shim.js'), '/* shim */');
  host = await startWebHost({
    core: await memoryCore(),
    rendererDir: join(dir, 'renderer'),
    shimFile: join(dir, 'shim.js')
  });
});

afterEach(async () => {
  sockets.forEach((s) => s.terminate());
  sockets = [];
  await host.close();
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

interface Client {
  ws: WebSocket;
  frames: Array<string | Buffer>;
  next(pred: (m: any) => boolean): Promise<any>;
}

function connect(query = `?token=${host.token}`, headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}${query}`, { headers });
    sockets.push(ws);
    const frames: Array<string | Buffer> = [];
    const waiters: Array<{ pred: (m: any) => boolean; resolve: (m: any) => void }> = [];
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? (data as Buffer) : data.toString();
      frames.push(frame);
      const message = isBinary ? frame : JSON.parse(frame as string);
      const i = waiters.findIndex((w) => w.pred(message));
      if (i >= 0) waiters.splice(i, 1)[0]!.resolve(message);
    });
    ws.on('open', () =>
      resolve({ ws, frames, next: (pred) => new Promise((r) => waiters.push({ pred, resolve: r })) })
    );
    ws.on('error', reject);
  });
}

const invoke = async (client: Client, id: number, channel: string, payload: unknown) => {
  const reply = client.next((m) => m.t === 'reply' && m.id === id);
  client.ws.send(JSON.stringify({ t: 'invoke', id, channel, payload }));
  return (await reply).result;
};

describe('web host over HTTP', () => {
  it('answers 401 without the token, for pages and assets alike', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
  });

  it('serves the page with the shim first, strict headers, and a cookie for later requests', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body.indexOf(SHIM_PATH)).toBeLessThan(page.body.indexOf('<title>'));
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['set-cookie']?.toString()).toContain('HttpOnly');
    const cookie = `lumen_token=${host.token}`;
    expect((await get('/assets/app.js', { cookie })).body).toBe('console.log(1)');
    expect((await get(SHIM_PATH, { cookie })).body).toBe('/* shim */');
  });

  it('refuses paths outside the renderer and foreign Host headers', async () => {
    const cookie = `lumen_token=${host.token}`;
    expect((await get('/../secret.txt', { cookie })).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt', { cookie })).status).toBe(404);
    expect((await get('/', { cookie, host: 'evil.example' })).status).toBe(421);
  });
});

describe('web host over WebSocket', () => {
  it('closes the door without the token or from a foreign page', async () => {
    await expect(connect('')).rejects.toThrow(/401/);
    await expect(connect('?token=nope')).rejects.toThrow(/401/);
    await expect(connect(`?token=${host.token}`, { origin: 'https://evil.example' })).rejects.toThrow(/401/);
  });

  it('routes invokes and returns structured errors for bad ones', async () => {
    const client = await connect();
    expect(await invoke(client, 1, 'app.ping', { nonce: 'hi' })).toEqual({ ok: true, value: { nonce: 'hi' } });
    expect(await invoke(client, 2, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(await invoke(client, 3, 'settings.update', { endpoint: 'ftp://x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
    const error = client.next((m) => m.t === 'error');
    client.ws.send('{not json');
    expect((await error).error.code).toBe('INVALID_REQUEST');
  });

  it('echoes binary chunks on a stream and refuses data for streams that are not open', async () => {
    const client = await connect();
    const opened = client.next((m) => m.t === 'stream-opened' && m.sid === 5);
    client.ws.send(JSON.stringify({ t: 'stream-open', sid: 5, channel: 'diag.echo' }));
    await opened;
    const chunk = Uint8Array.from({ length: 1920 }, (_, i) => i % 256);
    const echoed = client.next((m) => Buffer.isBuffer(m));
    client.ws.send(packChunk(5, chunk));
    const frame: Buffer = await echoed;
    expect(frame.readUInt16BE(0)).toBe(5);
    expect(new Uint8Array(frame.subarray(2))).toEqual(chunk);
    const refused = client.next((m) => m.t === 'error');
    client.ws.send(packChunk(6, chunk));
    expect((await refused).error.message).toContain('not open');
    const closed = client.next((m) => m.t === 'stream-closed' && m.sid === 9);
    client.ws.send(JSON.stringify({ t: 'stream-open', sid: 9, channel: 'no.stream' }));
    expect((await closed).error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('never sends the API key to the page, whatever the page asks', async () => {
    const key = 'sk-canary-7f3a9b2c4d5e6f708192a3b4';
    const client = await connect();
    const other = await connect();
    expect(await invoke(client, 1, 'secrets.setKey', { key })).toMatchObject({ ok: true, value: { keySet: true } });
    const channels = ['secrets.status', 'settings.get', 'app.info', 'connection.check', 'shortcuts.status'];
    for (const [i, channel] of channels.entries()) await invoke(client, 10 + i, channel, {});
    await invoke(client, 20, 'settings.update', { endpoint: 'http://127.0.0.1:9/v1' });
    await invoke(client, 21, 'secrets.setKey', { key: `${key} spaced` });
    for (const frame of [...client.frames, ...other.frames]) expect(frame.toString()).not.toContain(key);
  });

  it('survives random messages from a client and still answers afterwards', async () => {
    const client = await connect();
    const text = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          t: fc.constantFrom('invoke', 'stream-open', 'stream-close', 'x'),
          id: fc.anything(),
          sid: fc.anything(),
          channel: fc.string(),
          payload: fc.anything()
        })
        .map((m) => JSON.stringify(m))
    );
    const binary = fc.uint8Array({ maxLength: 64 });
    for (const sample of fc.sample(fc.oneof(text, binary), 2000)) client.ws.send(sample);
    expect(await invoke(client, 99_999, 'app.ping', { nonce: 'alive' })).toEqual({
      ok: true,
      value: { nonce: 'alive' }
    });
  });
});
