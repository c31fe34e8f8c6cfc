/**
 * A web host in a process of its own, for measuring its memory under load (run with --expose-gc):
 * core holds every request for HOLD_MS, as a describe or a read would, so requests pile up in flight.
 * It sends {port, token} when ready and answers "measure" with its memory after garbage collection.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startWebHost } from '../../../src/host/web/server';
import { memoryCore } from '../helpers';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc || !process.send) throw new Error('Run with --expose-gc, as a child process.');
const send = process.send.bind(process);

const dir = await mkdtemp(join(tmpdir(), 'lumen-load-'));
await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
await writeFile(join(dir, 'shim.js'), '');
const core = await memoryCore();
const hold = Number(process.env.HOLD_MS ?? 300);
const invoke = core.router.invoke.bind(core.router);
core.router.invoke = async (channel, payload) => {
  await sleep(hold);
  return invoke(channel, payload);
};
const host = await startWebHost({ core, rendererDir: dir, shimFile: join(dir, 'shim.js') });

let peak = 0;
setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20).unref();

process.on('message', (message) => {
  if (message === 'measure') {
    for (let i = 0; i < 4; i++) gc();
    const { rss, heapUsed, arrayBuffers } = process.memoryUsage();
    send({ rss, heap: heapUsed, buffers: arrayBuffers, peak });
    peak = 0;
  } else if (message === 'stop') {
    void host.close().then(() => process.exit(0));
  }
});
send({ port: host.port, token: host.token });
