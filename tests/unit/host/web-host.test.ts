import fc from 'fast-check';
import { mkdtemp, writeFile, mkdir, symlink } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_IN_FLIGHT, MAX_IN_FLIGHT_BYTES } from '../../../src/host/web/connection';
import { MAX_CONNECTIONS, startWebHost, type WebHost } from '../../../src/host/web/server';
import { MAX_FRAME_BYTES, MAX_PICTURE_BYTES } from '../../../src/shared/wire';
import { packChunk, SHIM_PATH, tokenProtocols, TOKEN_REFUSED, WS_PATH } from '../../../src/host/web/frames';
import type { Core } from '../../../src/core/app';
import { memoryCore } from '../helpers';

let host: WebHost;
let core: Core;
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
  await mkdir(join(dir, 'private'));
  await writeFile(join(dir, 'private', 'key.txt'), 'outside too');
  // Links inside the renderer folder: two that lead out of it, one that stays inside.
  await symlink(join(dir, 'secret.txt'), join(dir, 'renderer', 'assets', 'leak.txt'));
  await symlink(join(dir, 'private'), join(dir, 'renderer', 'private'));
  await symlink(join(dir, 'renderer', 'assets', 'app.js'), join(dir, 'renderer', 'alias.js'));
  await writeFile(join(dir, 'shim.js'), '/* shim */');
  core = await memoryCore();
  host = await startWebHost({
    core,
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

function connect(protocols = tokenProtocols(host.token), headers: Record<string, string> = {}): Promise<Client> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}`, protocols, { headers });
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

/** A socket the host should refuse: how it ended, and whatever it carried before. */
function refused(
  protocols: string[],
  headers: Record<string, string> = {},
  query = ''
): Promise<{ code: number; frames: string[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}${query}`, protocols, { headers });
    sockets.push(ws);
    const frames: string[] = [];
    ws.on('message', (data) => frames.push(data.toString()));
    ws.on('close', (code) => resolve({ code, frames }));
    ws.on('error', reject);
  });
}

const invoke = async (client: Client, id: number, channel: string, payload: unknown) => {
  const reply = client.next((m) => m.t === 'reply' && m.id === id);
  client.ws.send(JSON.stringify({ t: 'invoke', id, channel, payload }));
  return (await reply).result;
};

describe('web host over HTTP', () => {
  it('serves the page, the shim and the assets without any secret, and sets no cookie', async () => {
    for (const path of ['/', '/index.html', `/?token=${host.token}`, '/?token=wrong', SHIM_PATH, '/assets/app.js']) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers['set-cookie'], path).toBeUndefined();
    }
    expect((await get('/assets/app.js')).body).toBe('console.log(1)');
    expect((await get(SHIM_PATH)).body).toBe('/* shim */');
    expect((await get('/')).body).not.toContain(host.token);
  });

  it('serves the page with the shim first and strict headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body.indexOf(SHIM_PATH)).toBeLessThan(page.body.indexOf('<title>'));
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('does not follow links out of the renderer folder', async () => {
    expect(await get('/assets/leak.txt')).toMatchObject({ status: 404, body: 'Not found.\n' });
    expect(await get('/private/key.txt')).toMatchObject({ status: 404, body: 'Not found.\n' });
    expect(await get('/alias.js')).toMatchObject({ status: 200, body: 'console.log(1)' });
  });

  it('refuses paths outside the renderer and foreign Host headers', async () => {
    expect((await get('/../secret.txt')).status).toBe(404);
    expect((await get('/%2e%2e/secret.txt')).status).toBe(404);
    expect((await get('/', { host: 'evil.example' })).status).toBe(421);
  });
});

describe('web host over WebSocket', () => {
  it('opens the socket only for the token in Sec-WebSocket-Protocol, never echoing it back', async () => {
    const client = await connect();
    expect(client.ws.protocol).toBe('lumen');
    expect(await invoke(client, 1, 'app.ping', { nonce: 'in' })).toEqual({ ok: true, value: { nonce: 'in' } });
  });

  it('closes the socket (4401, before a single message) without the token, with a wrong one, or with it in a cookie or the address', async () => {
    const attempts = [
      refused(['lumen']),
      refused(['lumen', 'lumen-token.wrong']),
      refused(['lumen', `lumen-token.${host.token}x`]),
      refused(['lumen'], { cookie: `lumen_token=${host.token}` }),
      refused(['lumen'], {}, `?token=${host.token}`)
    ];
    core.announce({ level: 'info', text: 'Something the refused sockets must not hear.' });
    for (const attempt of await Promise.all(attempts)) expect(attempt).toEqual({ code: TOKEN_REFUSED, frames: [] });
  });

  it('refuses the handshake itself from a foreign page or to a foreign Host, token or not', async () => {
    await expect(connect(undefined, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(undefined, { origin: `http://127.0.0.1:${host.port + 1}` })).rejects.toThrow(/403/);
    await expect(connect(undefined, { host: `evil.example:${host.port}` })).rejects.toThrow(/403/);
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

  it('answers a stream chunk its handler chokes on with INVALID_REQUEST, and carries on', async () => {
    const open = core.router.openStream.bind(core.router);
    core.router.openStream = (channel, sink) => {
      const opened = open(channel, sink);
      if (!opened.ok) return opened;
      return {
        ok: true,
        value: {
          onData: () => {
            throw new RangeError('a chunk this handler cannot take');
          },
          onClose: () => {
            throw new Error('and a close it cannot take either');
          }
        }
      };
    };
    const client = await connect();
    const opened = client.next((m) => m.t === 'stream-opened' && m.sid === 3);
    client.ws.send(JSON.stringify({ t: 'stream-open', sid: 3, channel: 'diag.echo' }));
    await opened;
    const refused = client.next((m) => m.t === 'error');
    client.ws.send(packChunk(3, new Uint8Array([1, 2, 3])));
    expect((await refused).error.code).toBe('INVALID_REQUEST');
    const closing = client.next((m) => m.t === 'error');
    client.ws.send(JSON.stringify({ t: 'stream-close', sid: 3 }));
    expect((await closing).error.code).toBe('INVALID_REQUEST');
    expect(await invoke(client, 1, 'app.ping', { nonce: 'on' })).toEqual({ ok: true, value: { nonce: 'on' } });
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

  it('answers a frame nested 100 000 deep with INVALID_REQUEST and its id, then answers the next request', async () => {
    const client = await connect();
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(deep.length).toBe(200_000);
    for (const [id, channel] of [
      [7, 'describe.start'],
      [8, 'app.ping'],
      [9, 'settings.update']
    ] as const) {
      const reply = client.next((m) => m.t === 'reply' && m.id === id);
      client.ws.send(`{"t":"invoke","id":${id},"channel":"${channel}","payload":{"image":${deep},"nonce":${deep}}}`);
      expect((await reply).result).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    const bare = client.next((m) => m.t === 'error');
    client.ws.send(deep);
    expect((await bare).error.code).toBe('INVALID_REQUEST');
    expect(await invoke(client, 10, 'app.ping', { nonce: 'still here' })).toEqual({
      ok: true,
      value: { nonce: 'still here' }
    });
  });

  it('answers huge strings, many keys and stray {"$b64"} fields with a reply each, then the next request', async () => {
    const client = await connect();
    const huge = 'x'.repeat(4_000_000);
    const manyKeys = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    const b64 = { $b64: Buffer.alloc(3_000_000, 7).toString('base64') };
    const requests: Array<[string, unknown]> = [
      [huge, {}],
      ['app.ping', { nonce: huge }],
      ['app.ping', { nonce: 'n', [huge]: 1 }],
      ['app.ping', manyKeys],
      ['settings.update', { shortcuts: manyKeys }],
      ['app.ping', { nonce: b64 }],
      ['speech.speak', { text: b64 }],
      ['describe.start', { source: 'camera', image: { $b64: '%%% not base64' } }],
      ['describe.start', { source: 'camera', image: [b64] }]
    ];
    for (const [i, [channel, payload]] of requests.entries()) {
      const result = await invoke(client, 100 + i, channel, payload);
      expect(result, `request ${i}`).toMatchObject({ ok: false, error: { code: expect.any(String) } });
      expect(result.error.message.length, `request ${i}`).toBeLessThan(1000);
    }
    expect(await invoke(client, 200, 'app.ping', { nonce: 'alive' })).toEqual({ ok: true, value: { nonce: 'alive' } });
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

  it('answers every hostile request by its id: deep nesting, huge strings, many keys, stray bytes', async () => {
    const client = await connect();
    const nested = (depth: number, leaf: string, kind: number) =>
      kind === 0
        ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`;
    const payload = fc.oneof(
      fc
        .tuple(fc.integer({ min: 20, max: 100_000 }), fc.constantFrom('1', '{"$b64":"AQID"}', '"x"'), fc.nat(1))
        .map(([depth, leaf, kind]) => nested(depth, leaf, kind)),
      fc.integer({ min: 100_000, max: 2_000_000 }).map((n) => JSON.stringify({ nonce: 'y'.repeat(n) })),
      fc
        .integer({ min: 1_000, max: 100_000 })
        .map((n) =>
          JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, { $b64: 'AQID' }])))
        ),
      fc.anything().map((v) => JSON.stringify({ image: { $b64: 'AQID' }, text: { $b64: 'AQID' }, v }) ?? 'null')
    );
    const channel = fc.oneof(
      fc.constantFrom('app.ping', 'describe.start', 'settings.update', 'speech.speak'),
      fc.string()
    );
    const samples = fc.sample(fc.tuple(channel, payload), { numRuns: 60, seed: 14 });
    const replies = samples.map((_, id) => client.next((m) => m.t === 'reply' && m.id === id));
    samples.forEach(([c, p], id) =>
      client.ws.send(`{"t":"invoke","id":${id},"channel":${JSON.stringify(c)},"payload":${p}}`)
    );
    for (const reply of replies) {
      const { result } = await reply;
      expect(result.ok).toBe(false);
      expect(result.error.message.length).toBeLessThan(1000);
    }
    expect(await invoke(client, 99_999, 'app.ping', { nonce: 'alive' })).toEqual({
      ok: true,
      value: { nonce: 'alive' }
    });
  });
});

describe('web host limits', () => {
  /** Holds every request in core until released, as a long describe or read would. */
  function holdRequests() {
    const invoke = core.router.invoke.bind(core.router);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const seen = { running: 0, most: 0 };
    core.router.invoke = async (channel, payload) => {
      seen.running += 1;
      seen.most = Math.max(seen.most, seen.running);
      await released;
      seen.running -= 1;
      return invoke(channel, payload);
    };
    return { release, seen };
  }

  /** A describe.start frame of about `bytes`, its picture as large as a page may send. */
  const pictureFrame = (id: number, bytes: number) => {
    const head = `{"t":"invoke","id":${id},"channel":"describe.start","payload":{"source":"file","image":{"$b64":"`;
    const tail = '"}}}';
    const b64 = 'A'.repeat(Math.floor((bytes - head.length - tail.length) / 4) * 4);
    return head + b64 + tail;
  };

  it(`takes frames up to ${MAX_FRAME_BYTES / 2 ** 20} MiB, which holds the largest picture a page sends, and closes the socket (1009) on a larger one`, async () => {
    expect(Math.ceil(MAX_PICTURE_BYTES / 3) * 4 + 1000).toBeLessThan(MAX_FRAME_BYTES);
    const client = await connect();
    const largest = pictureFrame(1, MAX_FRAME_BYTES);
    expect(Buffer.byteLength(largest)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
    const reply = client.next((m) => m.t === 'reply' && m.id === 1);
    client.ws.send(largest);
    expect((await reply).result).toHaveProperty('ok');
    const ended = new Promise<string>((resolve) => {
      client.ws.on('close', (code) => resolve(`closed ${code}`));
      void client.next((m) => m.t === 'reply' && m.id === 2).then(() => resolve('answered'));
    });
    client.ws.send(pictureFrame(2, MAX_FRAME_BYTES + 8));
    expect(await ended).toBe('closed 1009');
  });

  it(`holds at most ${MAX_IN_FLIGHT} requests per page; the next are answered BUSY at once, the held ones once they end`, async () => {
    const { release, seen } = holdRequests();
    const client = await connect();
    const replies = Array.from({ length: MAX_IN_FLIGHT + 4 }, (_, id) =>
      client.next((m) => m.t === 'reply' && m.id === id)
    );
    replies.forEach((_, id) =>
      client.ws.send(JSON.stringify({ t: 'invoke', id, channel: 'app.ping', payload: { nonce: `${id}` } }))
    );
    // Answered while every earlier one is still held.
    for (const reply of replies.slice(MAX_IN_FLIGHT)) {
      expect((await reply).result).toEqual({
        ok: false,
        error: { code: 'BUSY', message: expect.stringContaining('Please wait a moment, then try again.') }
      });
    }
    expect(seen).toEqual({ running: MAX_IN_FLIGHT, most: MAX_IN_FLIGHT });
    release();
    for (const [id, reply] of replies.slice(0, MAX_IN_FLIGHT).entries()) {
      expect((await reply).result).toEqual({ ok: true, value: { nonce: `${id}` } });
    }
    expect(await invoke(client, 100, 'app.ping', { nonce: 'free again' })).toEqual({
      ok: true,
      value: { nonce: 'free again' }
    });
  });

  it(`holds at most ${MAX_IN_FLIGHT_BYTES / 2 ** 20} MiB of requests per page: a third large picture is answered BUSY`, async () => {
    const { release, seen } = holdRequests();
    const client = await connect();
    const frame = MAX_FRAME_BYTES - 1024;
    const replies = [1, 2, 3].map((id) => client.next((m) => m.t === 'reply' && m.id === id));
    for (const id of [1, 2, 3]) client.ws.send(pictureFrame(id, frame));
    expect((await replies[2]).result).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    const ping = client.next((m) => m.t === 'reply' && m.id === 4);
    client.ws.send(JSON.stringify({ t: 'invoke', id: 4, channel: 'app.ping', payload: { nonce: 'small' } }));
    await expect.poll(() => seen.running).toBe(3);
    release();
    for (const reply of replies.slice(0, 2)) expect((await reply).result.error?.code).not.toBe('BUSY');
    expect((await ping).result).toEqual({ ok: true, value: { nonce: 'small' } });
  });

  it(`takes at most ${MAX_CONNECTIONS} pages at once (1013 for the next), and a new one once one leaves`, async () => {
    /** Opens a page's socket and asks it something: answered, or closed by the host. */
    const tryPage = async () => {
      const client = await connect();
      return new Promise<string>((resolve) => {
        client.ws.on('close', (code) => resolve(`closed ${code}`));
        void invoke(client, 1, 'app.ping', { nonce: 'room?' }).then(() => resolve('answered'));
      });
    };
    const clients = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => connect()));
    expect(await tryPage()).toBe('closed 1013');
    clients[0]!.ws.close();
    await expect.poll(tryPage).toBe('answered');
  });
});
