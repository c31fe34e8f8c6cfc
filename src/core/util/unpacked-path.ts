/**
 * In a packaged app, the same path in the folder beside the app's archive: `…/app.asar/x` becomes
 * `…/app.asar.unpacked/x`. Files a worker thread, a WebAssembly loader or the dynamic linker reads
 * from disk are unpacked there (electron-builder's asarUnpack); a worker must be handed that path,
 * not the archive's, which only Electron's own `fs` can read. Any other path is returned as it is.
 */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=[\\/]|$)/, '$1app.asar.unpacked');
}
