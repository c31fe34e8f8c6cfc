// `npm run package:check`: builds Lumen, packs the Linux `dir` target against a stand-in Electron
// (offline), and verifies the package (verify.ts). Prints the sizes and each problem; exits 1 on any.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builderConfig, runtimePackages } from './builder-config';
import { makeStubElectron, packLinuxDir } from './pack';
import { verifyPackage, type PackageReport } from './verify';

export const projectDir = fileURLToPath(new URL('../..', import.meta.url));

/** How a configuration is changed for a check: the project's own, or one of the two that must fail. */
export type Variant = 'lumen' | 'no-unpack' | 'electron-builder-defaults';

/** Builds if needed, packs `variant` into a temporary folder, verifies it, and removes the folder. */
export async function checkPackage(variant: Variant = 'lumen'): Promise<PackageReport & { packMs: number }> {
  execFileSync(process.execPath, [join(projectDir, 'scripts', 'build.mjs'), '--if-needed'], { stdio: 'inherit' });
  const work = mkdtempSync(join(tmpdir(), 'lumen-pack-'));
  try {
    const electronVersion = (await import('electron/package.json', { with: { type: 'json' } })).default.version;
    const electronDist = makeStubElectron(join(work, 'electron'), electronVersion);
    const output = join(work, 'dist');
    const config = builderConfig({ projectDir, electronDist, output });
    const variants = {
      lumen: config,
      'no-unpack': { ...config, asarUnpack: undefined },
      // What packaging was first tried with (../shared/PACKAGING-NOTES.md): electron-builder's defaults.
      'electron-builder-defaults': {
        electronDist,
        npmRebuild: false,
        directories: { output },
        files: ['out/**', 'package.json']
      }
    };
    const started = performance.now();
    const appDir = await packLinuxDir(projectDir, variants[variant]);
    const packMs = performance.now() - started;
    const report = await verifyPackage(appDir, { projectDir, bundledOnly: runtimePackages(projectDir).bundledOnly });
    return { ...report, packMs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const variant = (process.argv[2] ?? 'lumen') as Variant;
  const started = performance.now();
  const report = await checkPackage(variant);
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(
    `\nPackage (${variant}): app.asar ${mb(report.sizes.archive)} + unpacked ${mb(report.sizes.unpacked)} = ` +
      `${mb(report.sizes.archive + report.sizes.unpacked)}; packed in ${(report.packMs / 1000).toFixed(1)} s, ` +
      `checked in ${((performance.now() - started) / 1000).toFixed(1)} s in all.`
  );
  if (report.smoke)
    console.log(
      `Plain Node from app.asar.unpacked read back "${report.smoke.text}" and spoke ${report.smoke.wavBytes} bytes of WAV.`
    );
  if (report.problems.length) {
    console.log(`\nThe package would not work (${report.problems.length} problems):`);
    for (const problem of report.problems) console.log(`- ${problem}`);
    process.exit(1);
  }
  console.log('The package is complete.');
}
