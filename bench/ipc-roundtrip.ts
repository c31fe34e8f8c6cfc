import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createCore } from '../src/core/app';
import { createSecretStore, MemoryKeyVault } from '../src/core/secrets';
import { packChunk, tokenProtocols, WS_PATH } from '../src/host/web/frames';
import { sample, summarize, type Summary } from './stats';

const ROOT = join(import.meta.dirname, '..');
const N = 3000;
const WARMUP = 300;
const CHUNK = new Uint8Array(1920).map((_, i) => i % 256); // 40 ms of PCM16 mono at 24 kHz

export interface IpcBenchResult {
  name: 'ipc-roundtrip';
  iterations: number;
  chunkBytes: number;
  router: { invoke: Summary; chunk: Summary };
  webHost: { invoke: Summary; chunk: Summary };
  rawWebSocket: { chunk: Summary };
  /** Web host chunk round trip minus a bare ws echo server's, both in their own processes. */
  addedByLumenMs: { p50: number; p95: number; p99: number };
}

async function startLine(args: string[], env: NodeJS.ProcessEnv, pattern: RegExp) {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m) resolve(m);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, match };
}

/** One request in flight at a time: the number is latency, not throughput. */
function wsRoundTrips(url: string, binaryFrame: Uint8Array, protocols: string[] = []) {
  return new Promise<{
    invoke: () => Promise<void>;
    chunk: () => Promise<void>;
    open: (sid: number) => Promise<void>;
    ws: WebSocket;
  }>((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    let waiting: (() => void) | undefined;
    ws.on('message', () => {
      const done = waiting;
      waiting = undefined;
      done?.();
    });
    const next = (send: () => void) =>
      new Promise<void>((r) => {
        waiting = r;
        send();
      });
    let id = 0;
    ws.on('open', () =>
      resolve({
        ws,
        invoke: () =>
          next(() => ws.send(JSON.stringify({ t: 'invoke', id: id++, channel: 'app.ping', payload: { nonce: 'b' } }))),
        chunk: () => next(() => ws.send(binaryFrame)),
        open: (sid) => next(() => ws.send(JSON.stringify({ t: 'stream-open', sid, channel: 'diag.echo' })))
      })
    );
    ws.on('error', reject);
  });
}

const RAW_ECHO = `
const { WebSocketServer } = require(${JSON.stringify(join(ROOT, 'node_modules/ws'))});
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => console.log('ECHO ' + wss.address().port));
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));`;

export async function benchIpc(): Promise<IpcBenchResult> {
  // In-process: the router alone, as the Electron main process uses it.
  const core = await createCore({
    host: 'web',
    version: 'bench',
    platform: process.platform,
    secrets: createSecretStore(new MemoryKeyVault(), {}),
    settingsStore: { read: async () => undefined, write: async () => {} },
    env: {}
  });
  const routerInvoke = await sample(N, WARMUP, async () => {
    await core.router.invoke('app.ping', { nonce: 'b' });
  });
  let echoed: (() => void) | undefined;
  const opened = core.router.openStream('diag.echo', { send: () => echoed?.(), close() {} });
  if (!opened.ok) throw new Error(opened.error.message);
  const routerChunk = await sample(
    N,
    WARMUP,
    () => new Promise<void>((r) => ((echoed = r), opened.value.onData(CHUNK)))
  );

  // Through the web host, a separate process, as the browser reaches it.
  const dataDir = await mkdtemp(join(tmpdir(), 'lumen-bench-'));
  const env = { ...process.env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };
  const children: ChildProcess[] = [];
  try {
    const host = await startLine(
      [join(ROOT, 'out/web/index.mjs'), '--data-dir', dataDir],
      env,
      /Lumen web host: http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+)/
    );
    children.push(host.child);
    const client = await wsRoundTrips(
      `ws://127.0.0.1:${host.match[1]}${WS_PATH}`,
      packChunk(1, CHUNK),
      tokenProtocols(host.match[2]!)
    );
    await client.open(1);
    const webInvoke = await sample(N, WARMUP, client.invoke);
    const webChunk = await sample(N, WARMUP, client.chunk);
    client.ws.close();

    const echo = await startLine(['-e', RAW_ECHO], env, /ECHO (\d+)/);
    children.push(echo.child);
    const raw = await wsRoundTrips(`ws://127.0.0.1:${echo.match[1]}`, packChunk(1, CHUNK));
    const rawChunk = await sample(N, WARMUP, raw.chunk);
    raw.ws.close();

    const web = summarize(webChunk);
    const baseline = summarize(rawChunk);
    const diff = (a: number, b: number) => Math.round((a - b) * 1000) / 1000;
    return {
      name: 'ipc-roundtrip',
      iterations: N,
      chunkBytes: CHUNK.byteLength,
      router: { invoke: summarize(routerInvoke), chunk: summarize(routerChunk) },
      webHost: { invoke: summarize(webInvoke), chunk: web },
      rawWebSocket: { chunk: baseline },
      addedByLumenMs: {
        p50: diff(web.p50, baseline.p50),
        p95: diff(web.p95, baseline.p95),
        p99: diff(web.p99, baseline.p99)
      }
    };
  } finally {
    children.forEach((c) => c.kill());
  }
}
