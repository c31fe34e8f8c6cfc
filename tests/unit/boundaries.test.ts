import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBoundaries } from '../../scripts/check-boundaries';

async function tree(files: Record<string, string>) {
  const root = await mkdtemp(join(tmpdir(), 'lumen-bounds-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

describe('import boundaries', () => {
  it('pass on the real source tree', () => {
    expect(checkBoundaries(join(__dirname, '..', '..', 'src'))).toEqual([]);
  });

  it('catch core importing electron, react or the DOM', async () => {
    const root = await tree({
      'core/a.ts': "import { app } from 'electron';\nexport const x = app;",
      'core/b.ts': "import React from 'react';\nexport default React;",
      'core/c.ts': 'export const title = () => document.title; // window is fine in a comment',
      'core/d.ts': "export const ok = 'window and document in a string are fine';"
    });
    expect(checkBoundaries(root).map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'core/a.ts electron',
      'core/b.ts react',
      'core/c.ts document'
    ]);
  });

  it('catch the renderer importing core or Node built-ins', async () => {
    const root = await tree({
      'renderer/a.ts': "import { Router } from '../core/router';\nexport { Router };",
      'renderer/b.ts': "import { readFileSync } from 'node:fs';\nexport { readFileSync };",
      'renderer/c.ts': "import path from 'path';\nexport { path };",
      'renderer/d.ts': "import { contract } from '../shared/contract';\nexport { contract };",
      'core/router.ts': 'export class Router {}',
      'shared/contract.ts': 'export const contract = {};'
    });
    expect(checkBoundaries(root).map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'renderer/a.ts ../core/router',
      'renderer/b.ts node:fs',
      'renderer/c.ts path'
    ]);
  });

  it('read the text of a template after a substitution as text, and the code after it as code', async () => {
    const root = await tree({
      'core/a.ts': 'export const a = (x: string) => `the ${x} window on the document`;',
      'core/b.ts': 'export const b = (x: { y: string }) => `${x.y}${`${{ z: 1 }.z}`}` + document.title;'
    });
    expect(checkBoundaries(root).map((v) => `${v.file} ${v.specifier}`)).toEqual(['core/b.ts document']);
  });

  it('catch shared importing anything of ours or any package but zod', async () => {
    const root = await tree({
      'shared/a.ts': "import { x } from '../core/x';\nexport { x };",
      'shared/b.ts': "import { z } from 'zod';\nimport ws from 'ws';\nexport { z, ws };",
      'core/x.ts': 'export const x = 1;'
    });
    expect(checkBoundaries(root).map((v) => `${v.file} ${v.specifier}`)).toEqual([
      'shared/a.ts ../core/x',
      'shared/b.ts ws'
    ]);
  });
});
