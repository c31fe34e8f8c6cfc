#!/usr/bin/env node
// The `lumen` command. Builds the CLI bundle first when the sources are newer than the build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `Lumen needs Node.js 22.12 or newer; this is ${process.version}. Run it through npm (npm run lumen -- …), which uses the Node.js that npm install brought.\n`
  );
  process.exit(1);
}
const bundle = fileURLToPath(new URL('../out/cli/lumen.mjs', import.meta.url));
const { build, buildIsCurrent } = await import('../scripts/build.mjs');
if (!existsSync(bundle) || !buildIsCurrent()) await build({ quiet: true });
await import(bundle);
