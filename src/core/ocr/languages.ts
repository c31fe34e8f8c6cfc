import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { unpackedPath } from '../util/unpacked-path';
import { OcrError } from './errors';

/*
 * Recognition data comes only from installed npm packages (`@tesseract.js-data/<lang>`), never from
 * the network: tesseract.js would otherwise fetch it from a CDN at run time, and when offline that
 * failure kills the process. The "best_int" models are the accurate-yet-fast LSTM ones.
 */
const DATA_SCOPE = '@tesseract.js-data';
const MODEL_DIR = '4.0.0_best_int';

export const DEFAULT_OCR_LANGUAGE = 'eng';

const NAMES: Record<string, string> = {
  eng: 'English',
  deu: 'German',
  fra: 'French',
  spa: 'Spanish',
  ita: 'Italian',
  por: 'Portuguese',
  nld: 'Dutch',
  pol: 'Polish',
  swe: 'Swedish',
  dan: 'Danish',
  nor: 'Norwegian',
  fin: 'Finnish',
  rus: 'Russian',
  tur: 'Turkish',
  ces: 'Czech'
};

/** "eng" → "English (eng)"; codes without a known name are said as they are. */
export function languageName(code: string): string {
  const name = NAMES[code];
  return name ? `${name} (${code})` : code;
}

/** Tesseract codes are three or more lower-case letters, some with a script suffix ("chi_sim"). */
const LANGUAGE_CODE = /^[a-z]{3,}(_[a-z]+)*$/;

/** The node_modules folders this module would load a package from, nearest first; on disk, for the workers. */
function scopeFolders(): string[] {
  const require = createRequire(import.meta.url);
  const paths = require.resolve.paths(DATA_SCOPE) ?? [];
  return paths.map((dir) => unpackedPath(join(dir, DATA_SCOPE))).filter((dir) => existsSync(dir));
}

function modelFolder(scopeFolder: string, lang: string): string | undefined {
  const dir = join(scopeFolder, lang, MODEL_DIR);
  return existsSync(join(dir, `${lang}.traineddata.gz`)) ? dir : undefined;
}

/** Languages whose data package is installed, English first, then alphabetical. */
export function installedLanguages(): string[] {
  const found = new Set<string>();
  for (const scope of scopeFolders()) {
    for (const lang of readdirSync(scope)) if (modelFolder(scope, lang)) found.add(lang);
  }
  return [...found].sort((a, b) => (a === DEFAULT_OCR_LANGUAGE ? -1 : b === DEFAULT_OCR_LANGUAGE ? 1 : a < b ? -1 : 1));
}

/** The folder holding `<lang>.traineddata.gz`; a clear, speakable error when the package is missing. */
export function languageDataPath(lang: string): string {
  if (!LANGUAGE_CODE.test(lang)) {
    throw new OcrError(`"${lang}" is not a text-reading language code; use one like "eng".`, 'bad-language');
  }
  for (const scope of scopeFolders()) {
    const dir = modelFolder(scope, lang);
    if (dir) return dir;
  }
  throw new OcrError(missingLanguageMessage(lang, installedLanguages()), 'missing-language');
}

export function missingLanguageMessage(lang: string, installed: string[]): string {
  const have = installed.length ? `Installed: ${installed.map(languageName).join(', ')}.` : 'None are installed.';
  return (
    `Text reading in ${languageName(lang)} is not installed. ${have} ` +
    `To add it, install the package ${DATA_SCOPE}/${lang}.`
  );
}
