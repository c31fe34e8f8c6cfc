import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { THEMES } from '../../../src/shared/settings';

const THEMES_CSS = readFileSync(join(import.meta.dirname, '../../../src/renderer/src/themes.css'), 'utf8');
const COLOURS = ['bg', 'fg', 'muted', 'accent', 'error', 'focus', 'surface'] as const;
type Colour = (typeof COLOURS)[number];
type Palette = Record<Colour, string>;

/** WCAG 2 relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The declarations of each `:root` rule, keyed by its data-theme ('' for plain :root). */
function rootRules(css: string): Map<string, Record<string, string>> {
  const rules = new Map<string, Record<string, string>>();
  const uncommented = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selector, body] of uncommented.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const match = selector!.trim().match(/^:root(?:\[data-theme='([\w-]+)'\])?$/);
    if (!match) continue;
    const declarations: Record<string, string> = {};
    for (const [, name, value] of body!.matchAll(/([\w-]+)\s*:\s*([^;]+);/g)) declarations[name!] = value!.trim();
    rules.set(match[1] ?? '', declarations);
  }
  return rules;
}

/** Each theme's colours in each colour scheme it can show: "system" and high contrast have two. */
function palettes(css: string): Array<{ name: string; palette: Palette }> {
  const rules = rootRules(css);
  return THEMES.flatMap((theme) => {
    const declared = { ...rules.get(''), ...rules.get(theme) };
    const schemes = (declared['color-scheme'] ?? 'light').split(/\s+/) as Array<'light' | 'dark'>;
    return schemes.map((scheme) => {
      const palette = {} as Palette;
      for (const colour of COLOURS) {
        const value = declared[`--${colour}`] ?? '';
        const pair = value.match(/^light-dark\(\s*(#[0-9a-f]{6})\s*,\s*(#[0-9a-f]{6})\s*\)$/i);
        const hex = pair ? pair[scheme === 'light' ? 1 : 2]! : value;
        if (!/^#[0-9a-f]{6}$/i.test(hex))
          throw new Error(`${theme} (${scheme}): --${colour} is not a colour: "${value}"`);
        palette[colour] = hex;
      }
      return { name: `${theme} (${scheme})`, palette };
    });
  });
}

/**
 * Text colours against the backgrounds they are shown on: 4.5 (WCAG AA), 7 (AAA) in the two strong
 * themes. The focus ring is not text: 3 (WCAG 1.4.11).
 */
function contrastProblems(css: string): string[] {
  const problems: string[] = [];
  for (const { name, palette } of palettes(css)) {
    const text = name.startsWith('high-contrast') || name.startsWith('yellow-on-black') ? 7 : 4.5;
    const pairs: Array<[Colour, Colour, number]> = [
      ['fg', 'bg', text],
      ['fg', 'surface', text],
      ['muted', 'bg', text],
      ['muted', 'surface', text],
      ['accent', 'bg', text],
      ['accent', 'surface', text],
      ['error', 'bg', text],
      ['error', 'surface', text],
      ['focus', 'bg', 3],
      ['focus', 'surface', 3]
    ];
    for (const [front, back, least] of pairs) {
      const ratio = contrast(palette[front], palette[back]);
      if (ratio < least) problems.push(`${name}: --${front} on --${back} is ${ratio.toFixed(2)}, under ${least}`);
    }
  }
  return problems;
}

describe('theme colours', () => {
  it('computes WCAG contrast', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBe(1);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('finds every theme in themes.css, "system" and high contrast in both light and dark', () => {
    expect(palettes(THEMES_CSS).map((p) => p.name)).toEqual([
      'system (light)',
      'system (dark)',
      'light (light)',
      'dark (dark)',
      'high-contrast (light)',
      'high-contrast (dark)',
      'yellow-on-black (dark)'
    ]);
    const yellow = palettes(THEMES_CSS).find((p) => p.name === 'yellow-on-black (dark)')!.palette;
    expect(yellow).toMatchObject({ fg: '#ffff00', bg: '#000000' });
  });

  it('meets the contrast each theme promises for text and for the focus ring', () => {
    expect(contrastProblems(THEMES_CSS)).toEqual([]);
  });

  it('catches a colour that is too faint', () => {
    const faint = THEMES_CSS.replace('--muted: #e6e673;', '--muted: #6b6b00;');
    expect(faint).not.toBe(THEMES_CSS);
    expect(contrastProblems(faint)).toEqual([
      expect.stringMatching(/^yellow-on-black \(dark\): --muted on --bg is 3\.\d\d, under 7$/),
      expect.stringMatching(/^yellow-on-black \(dark\): --muted on --surface is 3\.\d\d, under 7$/)
    ]);
  });
});
