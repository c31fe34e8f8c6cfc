// Builds everything Lumen runs: the three Electron bundles (electron-vite) and the web host, its
// browser shim, the CLI and the offline voice's worker beside each Node bundle (esbuild).
// `--if-needed` skips the work when nothing changed.
import { build as esbuild } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'out', '.build-stamp');
const OFFLINE_VOICE_WORKER = 'src/core/speech/offline/offline-voice-worker.mts';
const INPUTS = ['src', 'resources', 'package.json', 'electron.vite.config.ts', 'scripts/build.mjs'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), info.mtimeMs);
}

export function buildIsCurrent() {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return INPUTS.every((input) => newestMtime(join(root, input)) <= built);
}

export async function build({ quiet = false } = {}) {
  const log = (line) => quiet || process.stderr.write(`${line}\n`);
  log('Building Lumen…');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit']
    }
  );
  const common = { bundle: true, logLevel: 'warning', absWorkingDir: root, legalComments: 'none' };
  await Promise.all([
    esbuild({
      ...common,
      entryPoints: ['src/host/web/shim/index.ts'],
      outfile: 'out/web/lumen-web-shim.js',
      platform: 'browser',
      format: 'iife',
      target: 'chrome120',
      minify: true
    }),
    ...[
      ['src/host/web/main.ts', 'out/web/index.mjs'],
      ['src/cli/main.ts', 'out/cli/lumen.mjs'],
      // The offline voice's worker beside each bundle that runs it, in the bundle's module format
      // (src/core/speech/offline/worker-thread.ts looks for it there); the Electron main bundle is CommonJS.
      [OFFLINE_VOICE_WORKER, 'out/main/offline-voice-worker.js', 'cjs'],
      [OFFLINE_VOICE_WORKER, 'out/web/offline-voice-worker.mjs'],
      [OFFLINE_VOICE_WORKER, 'out/cli/offline-voice-worker.mjs']
    ].map(([entry, outfile, format = 'esm']) =>
      esbuild({
        ...common,
        entryPoints: [entry],
        outfile,
        platform: 'node',
        format,
        target: 'node22',
        packages: 'external'
      })
    )
  ]);
  writeFileSync(stamp, new Date().toISOString());
  log('Build finished.');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-needed') && buildIsCurrent()) process.exit(0);
  await build();
}
