import { build } from 'esbuild';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Imports a module of Lumen's source (e.g. `src/core/ocr/engine.ts`) into a browser test, as Node runs
 * it. Playwright compiles TypeScript outside a `"type": "module"` package (the project's root) to
 * CommonJS, where core's `import.meta.url` is a syntax error; so the module is bundled as ES module
 * (its npm packages left as imports, resolved from the project's node_modules) into test-results,
 * and imported from there. Type it with `typeof import('…')`.
 */
export async function importSource<T>(path: string): Promise<T> {
  const outfile = join(ROOT, 'test-results', 'modules', `${basename(path, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [join(ROOT, path)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning'
  });
  return (await import(pathToFileURL(outfile).href)) as T;
}

/**
 * A module of the renderer's source (e.g. `src/renderer/src/capture/frames.ts`) bundled for the page,
 * as the script that puts its exports on `window[globalName]`. Add it to a page without a
 * Content-Security-Policy (about:blank), not to Lumen's own page, which runs only its own scripts.
 */
export async function pageScript(path: string, globalName: string): Promise<string> {
  const result = await build({
    entryPoints: [join(ROOT, path)],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    globalName,
    target: 'chrome120',
    logLevel: 'warning'
  });
  return result.outputFiles[0]!.text;
}
