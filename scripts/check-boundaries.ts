// Enforces the architecture's import rules: a file's folder decides what it may import.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

type Layer = 'shared' | 'core' | 'main' | 'preload' | 'renderer' | 'host' | 'cli';
const LAYERS: Layer[] = ['shared', 'core', 'main', 'preload', 'renderer', 'host', 'cli'];

/** Which of our layers each layer may import (its own is always allowed). */
const MAY_IMPORT: Record<Layer, Layer[]> = {
  shared: [],
  core: ['shared'],
  main: ['core', 'shared'],
  preload: ['shared'],
  renderer: ['shared'],
  host: ['core', 'shared'],
  cli: ['core', 'shared']
};

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isBuiltin = (spec: string) => spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0] ?? spec);
const packageName = (spec: string): string =>
  spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec);

// DOM globals that have no meaning in Node; core using them means it secretly needs a browser.
const DOM_GLOBALS = /\b(window|document|HTMLElement|localStorage|sessionStorage|requestAnimationFrame)\b/;

function layerOf(srcDir: string, file: string): Layer | undefined {
  const first = relative(srcDir, file).split(sep)[0];
  return LAYERS.find((l) => l === first);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|cts)$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Code with comments and string contents blanked, so only real identifiers are searched. */
function codeOnly(text: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.JSX, text);
  let out = '';
  // Open braces inside each template substitution: a `}` at depth 0 ends the substitution, and the
  // template's text goes on (the scanner alone would read that text as code).
  const substitutions: number[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.TemplateHead) substitutions.push(0);
    else if (kind === ts.SyntaxKind.OpenBraceToken && substitutions.length)
      substitutions[substitutions.length - 1]! += 1;
    else if (kind === ts.SyntaxKind.CloseBraceToken && substitutions.length) {
      if (substitutions.at(-1) === 0) {
        kind = scanner.reScanTemplateToken(false);
        if (kind === ts.SyntaxKind.TemplateTail) substitutions.pop();
      } else substitutions[substitutions.length - 1]! -= 1;
    }
    const isText =
      kind === ts.SyntaxKind.StringLiteral ||
      kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral ||
      kind === ts.SyntaxKind.TemplateHead ||
      kind === ts.SyntaxKind.TemplateMiddle ||
      kind === ts.SyntaxKind.TemplateTail;
    out += isText ? ' "" ' : ` ${scanner.getTokenText()} `;
  }
  return out;
}

export function checkBoundaries(srcDir: string): Violation[] {
  const root = resolve(srcDir);
  const violations: Violation[] = [];
  for (const file of sourceFiles(root)) {
    const layer = layerOf(root, file);
    if (!layer) continue;
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    const add = (specifier: string, rule: string) => violations.push({ file: rel, specifier, rule });
    for (const { fileName: spec } of ts.preProcessFile(text, true, true).importedFiles) {
      if (spec.startsWith('.')) {
        const target = layerOf(root, resolve(dirname(file), spec));
        if (spec.endsWith('/package.json')) continue; // the version number
        // The renderer bundles sounds and images from resources/ as asset URLs.
        if (layer === 'renderer' && resolve(dirname(file), spec).startsWith(join(root, '..', 'resources') + sep))
          continue;
        if (!target) add(spec, `src/${layer} may only import from inside src`);
        else if (target !== layer && !MAY_IMPORT[layer].includes(target)) {
          add(spec, `src/${layer} must not import src/${target}`);
        }
        continue;
      }
      const pkg = packageName(spec);
      if (layer === 'shared' && pkg !== 'zod') add(spec, 'src/shared imports nothing but zod');
      if (layer === 'core' && ['electron', 'react', 'react-dom'].includes(pkg))
        add(spec, `src/core must not import ${pkg}`);
      if (layer === 'renderer' && (isBuiltin(spec) || pkg === 'electron')) {
        add(spec, 'src/renderer must not import Node built-ins or electron');
      }
      if (layer === 'preload' && pkg !== 'electron') add(spec, 'src/preload imports only electron and src/shared');
      if ((layer === 'host' || layer === 'cli') && pkg === 'electron')
        add(spec, `src/${layer} must run without electron`);
    }
    if (layer === 'core' || layer === 'shared') {
      const match = codeOnly(text).match(DOM_GLOBALS);
      if (match) add(match[1] as string, `src/${layer} must not use the DOM`);
    }
  }
  return violations;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const violations = checkBoundaries(dir);
  for (const v of violations) process.stderr.write(`${v.file}: imports "${v.specifier}": ${v.rule}\n`);
  if (violations.length) {
    process.stderr.write(`Import boundaries: ${violations.length} violation(s).\n`);
    process.exit(1);
  }
  process.stdout.write('Import boundaries: no violations.\n');
}
