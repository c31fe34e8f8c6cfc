import { parentPort, workerData } from 'node:worker_threads';
import { createEspeakRunner } from './espeak-runner.mts';

/*
 * The offline voice's worker thread: espeak-ng's synchronous WebAssembly runs here, where it cannot
 * hold up a "stop" or the host's IPC and WebSocket traffic. It loads espeak-ng from where the
 * starting thread found it, says { ready: true }, then answers each request with what the run
 * printed and the WAV it wrote (its memory moved, not copied), or with the error. Like the runner,
 * it is run as it is from Lumen's sources, hence the `.mts` in its import: Node adds no extensions.
 */

export interface WorkerData {
  /** The espeak-ng module's file URL. */
  espeak: string;
}

export interface WorkerRequest {
  id: number;
  args: string[];
}

export type WorkerReply =
  { ready: true } | { id: number; output: string[]; wav?: Uint8Array } | { id: number; error: string };

const port = parentPort!;
const { espeak } = workerData as WorkerData;
const load = () => import(/* @vite-ignore */ espeak);
const run = createEspeakRunner(load);
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function serve(): Promise<void> {
  // A module that cannot load ends the worker here, before it says it is ready.
  await load();
  port.on('message', async ({ id, args }: WorkerRequest) => {
    try {
      const { output, wav } = await run(args);
      // Only a buffer of its own can be moved.
      const own = wav && (wav.byteOffset !== 0 || wav.byteLength !== wav.buffer.byteLength) ? wav.slice() : wav;
      reply({ id, output, wav: own }, own ? [own.buffer as ArrayBuffer] : []);
    } catch (error) {
      reply({ id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  reply({ ready: true });
}

void serve();
