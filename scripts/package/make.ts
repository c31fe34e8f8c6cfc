// `npm run package -- [--linux | --win | --mac] [--publish]`: builds Lumen and makes its installers in
// dist/ with the real Electron (downloaded by electron-builder: run it where that works, as the release
// workflow does). On Linux a .deb is assembled from the dir output as well. Signing happens when its
// secrets are in the environment (docs/PACKAGING.md); `--publish` uploads to the release feed.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, Platform } from 'electron-builder';
import { builderConfig, releaseFeed } from './builder-config';
import { assembleDeb } from './deb';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const platform = args.includes('--win')
  ? Platform.WINDOWS
  : args.includes('--mac')
    ? Platform.MAC
    : args.includes('--linux')
      ? Platform.LINUX
      : Platform.current();

execFileSync(process.execPath, [join(projectDir, 'scripts', 'build.mjs')], { stdio: 'inherit' });
const config = { ...builderConfig({ projectDir }), publish: releaseFeed(process.env) };
const made = await build({
  projectDir,
  targets: platform.createTarget(),
  config,
  publish: args.includes('--publish') ? 'always' : 'never'
});
if (platform === Platform.LINUX) {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Record<string, string>;
  made.push(
    assembleDeb(join(projectDir, 'dist', 'linux-unpacked'), join(projectDir, 'dist'), {
      version: manifest.version!,
      description: manifest.description!,
      maintainer: 'Lumen contributors <lumen@users.noreply.github.com>',
      icon: join(projectDir, 'resources', 'icon.png')
    })
  );
}
console.log(`Made:\n${made.map((file) => `  ${file}`).join('\n')}`);
