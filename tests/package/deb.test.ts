import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assembleDeb } from '../../scripts/package/deb';
import { projectDir } from '../../scripts/package/check';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lumen-deb-test-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A folder laid out as electron-builder's linux-unpacked is. */
function linuxUnpacked(): string {
  const app = join(temp(), 'linux-unpacked');
  mkdirSync(join(app, 'resources', 'app.asar.unpacked'), { recursive: true });
  writeFileSync(join(app, 'lumen'), '#!/bin/sh\n');
  chmodSync(join(app, 'lumen'), 0o755);
  writeFileSync(join(app, 'chrome-sandbox'), '');
  writeFileSync(join(app, 'resources', 'app.asar'), 'archive');
  return app;
}

describe('the .deb assembled from the dir output', () => {
  it('installs the app in /opt/Lumen with a command, a menu entry and an icon, and names what it needs', () => {
    const out = temp();
    const deb = assembleDeb(linuxUnpacked(), out, {
      version: '1.2.3',
      description: 'A desktop seeing companion for blind and low-vision people.',
      maintainer: 'Lumen contributors <lumen@example.org>',
      icon: join(projectDir, 'resources', 'icon.png')
    });
    expect(deb).toBe(join(out, 'lumen_1.2.3_amd64.deb'));
    const field = (name: string) => execFileSync('dpkg-deb', ['-f', deb, name], { encoding: 'utf8' }).trim();
    expect(field('Package')).toBe('lumen');
    expect(field('Version')).toBe('1.2.3');
    expect(field('Architecture')).toBe('amd64');
    expect(field('Depends')).toMatch(/libnss3.*libsecret-1-0/);
    const listing = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
    expect(listing).toMatch(/^-rwxr-xr-x root\/root .* \.\/opt\/Lumen\/lumen$/m);
    expect(listing).toMatch(/\.\/opt\/Lumen\/resources\/app\.asar$/m);
    expect(listing).toMatch(/\.\/usr\/bin\/lumen -> \/opt\/Lumen\/lumen$/m);
    expect(listing).toMatch(/\.\/usr\/share\/icons\/hicolor\/256x256\/apps\/lumen\.png$/m);

    const files = temp();
    execFileSync('dpkg-deb', ['-x', deb, files]);
    const entry = readFileSync(join(files, 'usr', 'share', 'applications', 'lumen.desktop'), 'utf8');
    expect(entry).toContain('Exec=/opt/Lumen/lumen %U');
    expect(entry).toContain('Categories=Utility;Accessibility;');
    expect(readFileSync(join(files, 'usr', 'share', 'icons', 'hicolor', '256x256', 'apps', 'lumen.png'))).toEqual(
      readFileSync(join(projectDir, 'resources', 'icon.png'))
    );
  });
});
