import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The folder of `name` as Node would load it from `fromDir`, or undefined when it is not installed. */
function packageFolder(name: string, fromDir: string): string | undefined {
  for (const dir of createRequire(join(fromDir, 'noop.js')).resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  return undefined;
}

/**
 * The installed packages that `roots` need at run time (their dependencies, and the optional ones
 * that are installed, like sharp's platform binaries), as folders relative to `projectDir` with `/`
 * between parts: `node_modules/@img/sharp-linux-x64`. Each package once, in a stable order.
 */
export function dependencyClosure(projectDir: string, roots: readonly string[]): string[] {
  const found = new Set<string>();
  const visit = (name: string, fromDir: string, optional: boolean) => {
    const folder = packageFolder(name, fromDir);
    if (!folder) {
      if (optional) return;
      throw new Error(`${name} is needed at run time but is not installed (from ${fromDir}). Run npm install.`);
    }
    const key = relative(projectDir, folder).split(sep).join('/');
    if (found.has(key)) return;
    found.add(key);
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, folder, false);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) visit(dep, folder, true);
  };
  for (const root of roots) visit(root, projectDir, false);
  return [...found].sort();
}
