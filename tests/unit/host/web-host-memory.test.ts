import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenProtocols, WS_PATH } from '../../../src/host/web/frames';
import { MAX_IN_FLIGHT_BYTES } from '../../../src/host/web/connection';
import { MAX_FRAME_BYTES } from '../../../src/shared/wire';

interface Memory {
  rss: number;
  heap: number;
  buffers: number;
  peak: number;
}

const MiB = 2 ** 20;
let child: ChildProcess;
let ready: { port: number; token: string };

function ask<T>(message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    child.send(message);
  });
}

beforeAll(async () => {
  child = fork(join(import.meta.dirname, 'load-host.ts'), [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, HOLD_MS: '1500' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  });
  ready = await new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as typeof ready));
    child.once('exit', (code) => reject(new Error(`The load host exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
  }
});

/**
 * Sends every frame at once (waiting only for each to leave this process), then, while the host
 * still holds them, has it measure what it holds; then waits for every reply.
 */
async function hammer(ws: WebSocket, frames: Array<{ id: number; text: string }>) {
  const codes = new Map<number, string>();
  const done = new Promise<void>((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const message = JSON.parse(data.toString());
      if (message.t !== 'reply') return;
      codes.set(message.id, message.result.ok ? 'ok' : message.result.error.code);
      if (codes.size === frames.length) {
        ws.off('message', onMessage);
        resolve();
      }
    };
    ws.on('message', onMessage);
  });
  for (const frame of frames) {
    await new Promise<void>((resolve, reject) => ws.send(frame.text, (e) => (e ? reject(e) : resolve())));
  }
  const during = await ask<Memory>('measure');
  await done;
  const answered = [...codes.values()].reduce<Record<string, number>>((n, c) => ({ ...n, [c]: (n[c] ?? 0) + 1 }), {});
  return { answered, during };
}

const picture = (id: number, channel: string) => {
  const head = `{"t":"invoke","id":${id},"channel":"${channel}","payload":{"source":"screen","image":{"$b64":"`;
  const b64 = 'QUJD'.repeat(Math.floor((MAX_FRAME_BYTES - head.length - 100) / 4));
  return { id, text: `${head}${b64}"}}}` };
};
const ping = (id: number) => ({
  id,
  text: JSON.stringify({ t: 'invoke', id, channel: 'app.ping', payload: { nonce: `${id}` } })
});

it('after a page hammers it with the largest frames and many requests, the host’s memory comes back', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${ready.port}${WS_PATH}`, tokenProtocols(ready.token));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let id = 0;
  const round = (pictures: number, pings: number) =>
    hammer(ws, [
      ...Array.from({ length: pictures }, (_, i) => picture(id++, i % 2 ? 'read.image' : 'describe.start')),
      ...Array.from({ length: pings }, () => ping(id++))
    ]);
  await round(2, 20); // Everything the load touches is loaded once before measuring.
  const before = await ask<Memory>('measure');
  const answered: Record<string, number> = {};
  let held = 0;
  for (let i = 0; i < 4; i++) {
    const { answered: codes, during } = await round(8, 300);
    for (const [code, n] of Object.entries(codes)) answered[code] = (answered[code] ?? 0) + n;
    held = Math.max(held, during.heap + during.buffers - before.heap - before.buffers);
  }
  const after = await ask<Memory>('measure');
  ws.close();
  const report = (m: Memory) =>
    `rss ${Math.round(m.rss / MiB)} MiB (peak ${Math.round(m.peak / MiB)}), heap ${Math.round(m.heap / MiB)} MiB, buffers ${Math.round(m.buffers / MiB)} MiB`;
  console.log(
    `before: ${report(before)}\nafter:  ${report(after)}\nheld at most ${Math.round(held / MiB)} MiB under load; answers: ${JSON.stringify(answered)}`
  );
  // While the load lasts, what the host holds is bounded by what one page may have in flight.
  expect(answered.BUSY).toBeGreaterThan(0);
  expect(held).toBeLessThan(MAX_IN_FLIGHT_BYTES + 16 * MiB);
  // Once it ends, memory is back near where it started.
  expect(after.heap + after.buffers).toBeLessThan(before.heap + before.buffers + 16 * MiB);
  expect(after.rss).toBeLessThan(before.rss + 160 * MiB);
}, 180_000);
