import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The installed Electron executable, or why there is none (Electron downloads it on first use). */
export function electronBinary(root: string): { path?: string; reason?: string } {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pkg)) return { reason: 'the electron package is not installed' };
  if (!existsSync(pathFile)) return { reason: 'the Electron binary has not been downloaded on this machine' };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { reason: `the Electron binary is missing at ${binary}` };
}
