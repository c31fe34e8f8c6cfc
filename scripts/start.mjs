// `npm start`: build if needed, then run Lumen in Electron. Where the Electron binary is missing
// and cannot be downloaded, say so in one line and serve the same app to a browser instead.
// `npm run start:web` goes straight to the web host. Extra arguments go to the web host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildIsCurrent } from './build.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const webOnly = args.includes('--web');
const passthrough = args.filter((a) => a !== '--web');

/** The Electron executable, downloading it first if needed; or the reason it cannot be had. */
function findElectron() {
  const pkg = join(root, 'node_modules', 'electron');
  const binaryPath = () => {
    const pathFile = join(pkg, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const full = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(full) ? full : undefined;
  };
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed (run npm install)' };
  const existing = binaryPath();
  if (existing) return { path: existing };
  const attempt = spawnSync(process.execPath, [join(pkg, 'install.js')], { encoding: 'utf8', timeout: 300_000 });
  const found = binaryPath();
  if (found) return { path: found };
  const output = `${attempt.stderr ?? ''}\n${attempt.stdout ?? ''}`;
  const why =
    output.match(
      /(fetch failed|ENOTFOUND[^\n]*|ECONNREFUSED[^\n]*|EAI_AGAIN[^\n]*|ETIMEDOUT[^\n]*|HTTPError[^\n]*)/
    )?.[1] ?? (attempt.error ? attempt.error.message : 'the download failed');
  return { reason: `its binary is not installed and could not be downloaded (${why.trim()})` };
}

function run(command, commandArgs, env = process.env) {
  const child = spawn(command, commandArgs, { stdio: 'inherit', env, cwd: root });
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

if (!buildIsCurrent()) await build();

const electron = webOnly ? undefined : findElectron();
if (electron?.path) {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  run(electron.path, [root], env);
} else {
  if (electron) {
    process.stdout.write(`Electron cannot start here: ${electron.reason}. Starting the Lumen web host instead.\n`);
  }
  run(process.execPath, [join(root, 'out/web/index.mjs'), ...passthrough]);
}
