import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * A .deb assembled from electron-builder's linux-unpacked folder with dpkg-deb: electron-builder's
 * own deb target downloads fpm, which cannot be had on these machines (docs/PACKAGING.md).
 */

export interface DebInfo {
  version: string;
  description: string;
  maintainer: string;
  homepage?: string;
  /** A 256×256 PNG. */
  icon: string;
}

/** What Electron's Chromium needs from the system (as electron-builder's deb target lists it), and the key store. */
const DEPENDS = [
  'libgtk-3-0 | libgtk-3-0t64',
  'libnotify4',
  'libnss3',
  'libxss1',
  'libxtst6',
  'xdg-utils',
  'libatspi2.0-0 | libatspi2.0-0t64',
  'libuuid1',
  'libsecret-1-0',
  'libasound2 | libasound2t64'
];

const DESKTOP_ENTRY = `[Desktop Entry]
Name=Lumen
Comment=A desktop seeing companion for blind and low-vision people
Exec=/opt/Lumen/lumen %U
Icon=lumen
Type=Application
Terminal=false
Categories=Utility;Accessibility;
Keywords=blind;low vision;screen reader;describe;OCR;
StartupWMClass=Lumen
`;

/** Writes `lumen_<version>_amd64.deb` into `outDir` from `appDir` (linux-unpacked); returns its path. */
export function assembleDeb(appDir: string, outDir: string, info: DebInfo): string {
  const root = mkdtempSync(join(tmpdir(), 'lumen-deb-'));
  try {
    cpSync(appDir, join(root, 'opt', 'Lumen'), { recursive: true, verbatimSymlinks: true });
    mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
    symlinkSync('/opt/Lumen/lumen', join(root, 'usr', 'bin', 'lumen'));
    mkdirSync(join(root, 'usr', 'share', 'applications'), { recursive: true });
    writeFileSync(join(root, 'usr', 'share', 'applications', 'lumen.desktop'), DESKTOP_ENTRY);
    const icons = join(root, 'usr', 'share', 'icons', 'hicolor', '256x256', 'apps');
    mkdirSync(icons, { recursive: true });
    cpSync(info.icon, join(icons, 'lumen.png'));
    mkdirSync(join(root, 'DEBIAN'));
    const fields = [
      'Package: lumen',
      `Version: ${info.version}`,
      'Architecture: amd64',
      `Maintainer: ${info.maintainer}`,
      `Depends: ${DEPENDS.join(', ')}`,
      'Section: utils',
      'Priority: optional',
      ...(info.homepage ? [`Homepage: ${info.homepage}`] : []),
      `Description: ${info.description}`
    ];
    writeFileSync(join(root, 'DEBIAN', 'control'), `${fields.join('\n')}\n`);
    // Chromium's sandbox helper must be setuid root where user namespaces are off.
    writeFileSync(
      join(root, 'DEBIAN', 'postinst'),
      '#!/bin/sh\nset -e\nif [ -f /opt/Lumen/chrome-sandbox ]; then chmod 4755 /opt/Lumen/chrome-sandbox; fi\n'
    );
    chmodSync(join(root, 'DEBIAN', 'postinst'), 0o755);
    mkdirSync(outDir, { recursive: true });
    const deb = join(outDir, `lumen_${info.version}_amd64.deb`);
    execFileSync('dpkg-deb', ['--build', '--root-owner-group', root, deb], { stdio: 'pipe' });
    return deb;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
