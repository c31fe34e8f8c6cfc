import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Arch, build, Platform, type Configuration } from 'electron-builder';

/** Electron's fuse block: this sentinel, then the wire's version and length, then one byte a fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The fuses in wire order (Electron 45 has nine; @electron/fuses names the first eight). */
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
  'wasmTrapHandlers'
] as const;
export type FuseName = (typeof FUSE_NAMES)[number];
/** Electron 45's own settings, as a fresh binary has them ('1' on, '0' off). */
const ELECTRON_DEFAULT_FUSES = '101100011';

/**
 * A stand-in for Electron's folder, as electron-builder's `electronDist` takes it: an executable
 * named `electron` that holds a real fuse block, so that electron-builder flips the fuses in it and
 * the package's fuses can be read back. It cannot run the app; nothing here can (no Electron binary
 * can be downloaded on these machines).
 */
export function makeStubElectron(dir: string, electronVersion: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "Electron stand-in for packaging checks; it runs nothing." >&2\nexit 1\n#'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSE_NAMES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES),
    Buffer.from('\n')
  ]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), `v${electronVersion}`);
  writeFileSync(join(dir, 'LICENSE'), 'Electron stand-in.\n');
  return dir;
}

/** The fuses of an executable, by name: true on, false off, 'removed' for a fuse Electron removed. */
export function readFuses(executable: string): Partial<Record<FuseName, boolean | 'removed'>> {
  const bytes = readFileSync(executable);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${executable} holds no fuse block.`);
  const wire = at + FUSE_SENTINEL.length;
  const length = bytes[wire + 1]!;
  const fuses: Partial<Record<FuseName, boolean | 'removed'>> = {};
  for (let i = 0; i < Math.min(length, FUSE_NAMES.length); i++) {
    const state = String.fromCharCode(bytes[wire + 2 + i]!);
    fuses[FUSE_NAMES[i]!] = state === 'r' ? 'removed' : state === '1';
  }
  return fuses;
}

/** Packs the Linux `dir` target with `config`; returns the folder holding the app (linux-unpacked). */
export async function packLinuxDir(projectDir: string, config: Configuration): Promise<string> {
  await build({
    projectDir,
    targets: Platform.LINUX.createTarget(['dir'], Arch.x64),
    config,
    publish: 'never'
  });
  return resolve(projectDir, config.directories?.output ?? 'dist', 'linux-unpacked');
}
