import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { unpackedPath } from '../../util/unpacked-path';
import type { WorkerData } from './offline-voice-worker.mts';

/**
 * The offline voice's worker file, found beside the code that is running this function, in the
 * same module format:
 * - from Lumen's sources (vitest, tsx), beside this file: offline-voice-worker.mts, which Node runs
 *   as it is (it strips the types; `.mts` so it is read as an ES module without guessing);
 * - from a bundle, beside the bundle, which is where the build writes the worker with the bundle's
 *   own extension: out/main/offline-voice-worker.js (CommonJS, like the Electron main bundle),
 *   out/web/offline-voice-worker.mjs and out/cli/offline-voice-worker.mjs.
 * A packaged app keeps this file and espeak-ng outside its asar archive (a worker reads them
 * from disk), so both paths are mapped there.
 */
export function offlineVoiceWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  const extension = extname(here);
  return unpackedPath(join(dirname(here), `offline-voice-worker${extension === '.ts' ? '.mts' : extension}`));
}

/** Where the espeak-ng module is, resolved from here as an `import('espeak-ng')` here would be. */
function espeakModuleUrl(): string {
  return pathToFileURL(unpackedPath(createRequire(import.meta.url).resolve('espeak-ng'))).href;
}

/** Starts a worker thread that runs espeak-ng, loading it from `espeak` (a file URL). */
export function startEspeakWorker(espeak: string = espeakModuleUrl()): Worker {
  const workerData: WorkerData = { espeak };
  return new Worker(offlineVoiceWorkerFile(), {
    name: 'Lumen offline voice',
    workerData,
    // Not the parent's flags: under tsx or vitest those load TypeScript loaders the worker has no use for.
    execArgv: []
  });
}
