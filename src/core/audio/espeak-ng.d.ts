// The espeak-ng package (eSpeak NG compiled to WebAssembly by Emscripten) ships no types; this is
// the part of its Emscripten module that Lumen uses.
declare module 'espeak-ng' {
  export interface ESpeakNgOptions {
    /** The espeak-ng command line, without the program name. */
    arguments: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    locateFile?: (file: string, scriptDirectory: string) => string;
    /** Lets the caller instantiate the WebAssembly module itself (e.g. from a compiled copy). */
    instantiateWasm?: (imports: object, receiveInstance: (instance: object, module: object) => void) => object;
  }

  export interface ESpeakNgInstance {
    FS: { readFile(path: string): Uint8Array };
  }

  /** Runs the espeak-ng program once with `arguments`; resolves when it has finished. */
  export default function ESpeakNg(options: ESpeakNgOptions): Promise<ESpeakNgInstance>;
}
