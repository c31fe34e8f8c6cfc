// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the package has no types of its own
/// <reference path="../../audio/espeak-ng.d.ts" />
import { readFile } from 'node:fs/promises';
import type { ESpeakNgInstance, ESpeakNgOptions } from 'espeak-ng';

/*
 * One run of eSpeak NG (WebAssembly), on whichever thread calls it: the offline voice's worker
 * thread, or the calling thread when no worker can run. From Lumen's sources the worker has Node
 * run this file as it is, stripping the types: so it imports only Node's modules, and its
 * TypeScript is only what stripping removes (no enums, no parameter properties).
 */

/** Where a run asked to write audio (`-w`) leaves its WAV file, in espeak's own file system. */
export const ESPEAK_WAV_FILE = '/lumen.wav';

/** What one run of espeak-ng printed, and the WAV file it wrote if it was asked to write one. */
export interface EspeakResult {
  output: string[];
  wav?: Uint8Array;
}

/** Runs the espeak-ng command line (without the program name) once. */
export interface Espeak {
  run(args: string[], signal?: AbortSignal): Promise<EspeakResult>;
}

type ESpeakNgModule = { default: (options: ESpeakNgOptions) => Promise<ESpeakNgInstance> };

/** Node has WebAssembly, but without the DOM library TypeScript does not declare it. */
const wasmRuntime = (globalThis as unknown as { WebAssembly: WasmRuntime }).WebAssembly;
interface WasmRuntime {
  compile(bytes: Uint8Array): Promise<object>;
  /** Given a compiled module, resolves to the instance. */
  instantiate(module: object, imports: object): Promise<object>;
}

/**
 * A function that runs espeak-ng once per call, blocking its thread for the run. The compiled
 * WebAssembly is kept between runs (compiling the 18 MB module is most of the cost of a run), but
 * each run gets a fresh instance, as espeak keeps global state.
 */
export function createEspeakRunner(load: () => Promise<ESpeakNgModule>): (args: string[]) => Promise<EspeakResult> {
  let wasm: Promise<object> | undefined;
  return async (args) => {
    const { default: ESpeakNg } = await load();
    const output: string[] = [];
    let wasmPath = '';
    let failed: (error: unknown) => void = () => {};
    const failure = new Promise<never>((_, reject) => (failed = reject));
    const options: ESpeakNgOptions = {
      arguments: args,
      print: (line) => output.push(line),
      printErr: (line) => output.push(line),
      locateFile: (file, dir) => (wasmPath = dir + file),
      instantiateWasm: (imports, receiveInstance) => {
        const compiled = (wasm ??= readFile(wasmPath).then((bytes) => wasmRuntime.compile(bytes)));
        compiled
          .then(async (module) => receiveInstance(await wasmRuntime.instantiate(module, imports), module))
          .catch((error: unknown) => {
            wasm = undefined;
            failed(error);
          });
        return {};
      }
    };
    // Emscripten never settles its promise when our instantiateWasm fails; `failure` covers that.
    // Its exit handler may set process.exitCode, which is not espeak's to decide.
    const exitCode = process.exitCode;
    let instance: ESpeakNgInstance;
    try {
      instance = await Promise.race([ESpeakNg(options), failure]);
    } finally {
      process.exitCode = exitCode;
    }
    let wav: Uint8Array | undefined;
    try {
      wav = instance.FS.readFile(ESPEAK_WAV_FILE);
    } catch {
      wav = undefined;
    }
    return { output, wav };
  };
}
