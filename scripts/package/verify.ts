import { build as esbuild, type Message } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { extractAll } from '@electron/asar';
import ts from 'typescript';
import { listArchive, type ArchiveFile } from './archive';
import { FUSES, UNUSED_TESSERACT_ENGINES } from './builder-config';
import { readFuses, type FuseName } from './pack';

/*
 * Checks a packed Lumen without running Electron (none can be downloaded here): what the archive
 * holds, what is unpacked beside it, that everything the main process loads can be found in it,
 * that everything read from disk is on disk, the fuses, the size, and, with plain Node from the
 * unpacked folder, that sharp, the text reader and the offline voice work from the files shipped.
 * Each problem is one sentence naming the file; no problems means the package is complete.
 */

export const SIZE_BUDGET_MB = 80;

/** Files read from disk by the dynamic linker, a WebAssembly loader or a worker, whatever package they are in. */
const DISK_ONLY: [RegExp, string][] = [
  [/\.node$/, 'a native addon'],
  [/\.(so(\.\d+)*|dylib|dll)$/, 'a shared library the addon loads'],
  [/\.wasm$/, 'WebAssembly'],
  [/\.traineddata(\.gz)?$/, 'text-reading language data']
];

export interface PackageReport {
  problems: string[];
  /** Sizes in bytes. */
  sizes: { archive: number; unpacked: number };
  /** The fuses read back from the packed executable. */
  fuses: ReturnType<typeof readFuses>;
  /** What plain Node did with the unpacked parts (smoke.mjs). */
  smoke?: { text: string; wavBytes: number; pngBytes: number };
}

export interface Expected {
  projectDir: string;
  /** Package folders only ever bundled (builder-config.ts runtimePackages): must not be shipped. */
  bundledOnly: readonly string[];
}

const MB = 1024 * 1024;
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const isBuiltin = (specifier: string) =>
  specifier === 'electron' || builtins.has(specifier) || specifier.startsWith('node:');

function folderSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce((sum, entry) => {
    const path = join(dir, entry.name);
    return sum + (entry.isDirectory() ? folderSize(path) : statSync(path).size);
  }, 0);
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`]
  );
}

/** How a bundle loads other modules: `require("x")`, `import("x")` and `….resolve("x")` with a literal name. */
export interface LoadTargets {
  required: string[];
  imported: string[];
  /** Paths handed on (to workers, mostly): these must be on disk. */
  resolved: string[];
}

export function loadTargets(source: string): LoadTargets {
  const found: LoadTargets = { required: [], imported: [], resolved: [] };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const name = node.arguments[0].text;
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword) found.imported.push(name);
      else if (ts.isIdentifier(callee) && callee.text === 'require') found.required.push(name);
      else if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && !name.startsWith('.'))
        found.resolved.push(name);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('bundle.js', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS));
  return found;
}

function checkListing(files: ArchiveFile[], expected: Expected): string[] {
  const problems: string[] = [];
  const paths = new Set(files.map((file) => file.path));
  const renderer = filesUnder(join(expected.projectDir, 'out', 'renderer')).map((path) => `out/renderer/${path}`);
  const needed: [string, string][] = [
    ['package.json', "the app's manifest"],
    ['out/main/index.js', 'the main process'],
    ['out/preload/index.js', 'the preload script'],
    ['resources/icon.png', 'the window and tray icon, loaded by src/main/index.ts'],
    ...renderer.map((path): [string, string] => [path, 'a file of the page'])
  ];
  for (const [path, what] of needed)
    if (!paths.has(path)) problems.push(`Missing from the package: ${path} (${what}).`);
  const neverShipped: [(path: string) => boolean, string][] = [
    [(path) => path.endsWith('.map'), 'a source map'],
    [(path) => /\.(ts|mts|cts|tsx)$/.test(path), 'TypeScript'],
    [(path) => /^(src|tests|bench|scripts)\//.test(path), 'a source folder'],
    [(path) => /^out\/(web|cli)\//.test(path), 'the web host or the command line, which the desktop app does not run'],
    [(path) => expected.bundledOnly.some((folder) => path.startsWith(`${folder}/`)), 'a package already bundled']
  ];
  for (const [matches, what] of neverShipped) {
    const shipped = files.filter((file) => matches(file.path));
    if (shipped.length)
      problems.push(
        `Shipped but never run (${what}): ${shipped.length} files, e.g. ${shipped
          .slice(0, 3)
          .map((file) => file.path)
          .join(', ')}.`
      );
  }
  return problems;
}

function checkUnpackedOnDisk(files: ArchiveFile[], unpackedDir: string): string[] {
  return files
    .filter((file) => file.unpacked)
    .flatMap((file) => {
      const path = join(unpackedDir, file.path);
      if (!existsSync(path)) return [`Listed as unpacked but not on disk: ${file.path}.`];
      const size = statSync(path).size;
      return size === file.size ? [] : [`Unpacked ${file.path} is ${size} bytes on disk, ${file.size} in the archive.`];
    });
}

function checkDiskOnly(files: ArchiveFile[], workerFiles: readonly string[]): string[] {
  return files.flatMap((file) => {
    if (file.unpacked) return [];
    const kind = workerFiles.includes(file.path)
      ? 'a worker thread runs it'
      : DISK_ONLY.find(([pattern]) => pattern.test(file.path))?.[1];
    return kind ? [`Packed inside app.asar but read from disk (${kind}): ${file.path}.`] : [];
  });
}

/** Every module a worker loads, followed from its entry through the unpacked folder alone. */
async function checkWorkerClosure(entry: string, unpackedDir: string): Promise<string[]> {
  if (!existsSync(join(unpackedDir, entry))) return []; // reported by checkDiskOnly
  const unused = new RegExp(`^tesseract\\.js-core/(${UNUSED_TESSERACT_ENGINES.join('|')})$`);
  try {
    const result = await esbuild({
      entryPoints: [join(unpackedDir, entry)],
      absWorkingDir: unpackedDir,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      logLevel: 'silent',
      nodePaths: [],
      external: ['electron'],
      plugins: [
        {
          name: 'unused-engines',
          setup: (build) => build.onResolve({ filter: unused }, (args) => ({ path: args.path, external: true }))
        }
      ]
    });
    const outside = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('..'));
    return outside.map((input) => `${entry}, run by a worker, loads ${input}, which is not unpacked.`);
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    if (!errors.length) return [`${entry}, run by a worker, could not be followed: ${String(error)}.`];
    return errors.map(
      (message) =>
        `${entry}, run by a worker, loads what is not unpacked: ${message.text} (in ${message.location?.file ?? entry}).`
    );
  }
}

function checkResolution(extracted: string, unpackedDir: string): { problems: string[]; workerFiles: string[] } {
  const problems: string[] = [];
  const workerFiles: string[] = [];
  const mainDir = join(extracted, 'out', 'main');
  if (!existsSync(mainDir)) return { problems, workerFiles };
  for (const name of readdirSync(mainDir).filter((file) => file.endsWith('.js'))) {
    const bundle = join(mainDir, name);
    // The build writes each worker beside the bundle that starts it (scripts/build.mjs).
    if (name.includes('worker')) workerFiles.push(`out/main/${name}`);
    const require = createRequire(bundle);
    const targets = loadTargets(readFileSync(bundle, 'utf8'));
    const find = (specifier: string): string | undefined => {
      try {
        return require.resolve(specifier);
      } catch {
        problems.push(`out/main/${name} loads "${specifier}", which cannot be found in the package.`);
        return undefined;
      }
    };
    for (const specifier of new Set([...targets.required, ...targets.imported]))
      if (!isBuiltin(specifier)) find(specifier);
    for (const specifier of new Set(targets.resolved)) {
      if (isBuiltin(specifier)) continue;
      const path = find(specifier);
      if (!path) continue;
      const inside = relative(extracted, path).split(sep).join('/');
      workerFiles.push(inside);
      if (!existsSync(join(unpackedDir, inside)))
        problems.push(`out/main/${name} hands ${inside} to a worker, but it is not unpacked.`);
    }
  }
  return { problems, workerFiles };
}

function checkFuses(actual: ReturnType<typeof readFuses>, wanted: typeof FUSES): string[] {
  return (Object.entries(wanted) as [FuseName, boolean][]).flatMap(([name, on]) =>
    actual[name] === on ? [] : [`Fuse ${name} is ${actual[name] ? 'on' : 'off'}; it should be ${on ? 'on' : 'off'}.`]
  );
}

/** Runs smoke.mjs with plain Node (no loaders, no NODE_OPTIONS), from the unpacked folder. */
function smoke(unpackedDir: string): { problems: string[]; result?: PackageReport['smoke'] } {
  const script = join(import.meta.dirname, 'smoke.mjs');
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() };
  const run = spawnSync(process.execPath, [script, unpackedDir], { encoding: 'utf8', env, timeout: 120_000 });
  const lines = `${run.stdout}`.split('\n').filter(Boolean);
  const problems = lines.filter((line) => !line.startsWith('{'));
  const json = lines.find((line) => line.startsWith('{'));
  if (run.status !== 0 && !problems.length)
    problems.push(
      `Plain Node from app.asar.unpacked failed: ${run.stderr || run.error?.message || `exit ${run.status}`}`
    );
  return { problems, result: json ? (JSON.parse(json) as PackageReport['smoke']) : undefined };
}

/** Checks the packed app in `appDir` (electron-builder's linux-unpacked folder). */
export async function verifyPackage(appDir: string, expected: Expected): Promise<PackageReport> {
  const resources = join(appDir, 'resources');
  const asarPath = join(resources, 'app.asar');
  const unpackedDir = join(resources, 'app.asar.unpacked');
  if (!existsSync(asarPath))
    return { problems: [`No app.asar in ${resources}.`], sizes: { archive: 0, unpacked: 0 }, fuses: {} };
  const files = listArchive(asarPath);
  const sizes = { archive: statSync(asarPath).size, unpacked: folderSize(unpackedDir) };
  const problems = [...checkListing(files, expected), ...checkUnpackedOnDisk(files, unpackedDir)];

  const extracted = mkdtempSync(join(tmpdir(), 'lumen-package-'));
  try {
    extractAll(asarPath, extracted);
    const resolution = checkResolution(extracted, unpackedDir);
    problems.push(...resolution.problems, ...checkDiskOnly(files, resolution.workerFiles));
    for (const entry of resolution.workerFiles) problems.push(...(await checkWorkerClosure(entry, unpackedDir)));
  } finally {
    rmSync(extracted, { recursive: true, force: true });
  }

  const fuses = readFuses(join(appDir, 'lumen'));
  problems.push(...checkFuses(fuses, FUSES));
  const total = (sizes.archive + sizes.unpacked) / MB;
  if (total > SIZE_BUDGET_MB)
    problems.push(
      `app.asar (${(sizes.archive / MB).toFixed(1)} MB) and its unpacked files (${(sizes.unpacked / MB).toFixed(1)} MB) ` +
        `come to ${total.toFixed(1)} MB, over the ${SIZE_BUDGET_MB} MB budget.`
    );
  const smoked = smoke(unpackedDir);
  problems.push(...smoked.problems);
  return { problems, sizes, fuses, smoke: smoked.result };
}
