import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evalCaseFileSchema, type EvalCase } from '../../shared/eval-case';
import { LumenError } from '../../shared/errors';

/** A case ready to run: its picture and spoken question read from the set's folder. */
export interface LoadedCase {
  case: EvalCase;
  picture?: Buffer;
  audio?: Buffer;
}

export interface CaseSet {
  name: string;
  dir: string;
  cases: LoadedCase[];
  /** Drafts (e.g. from feedback) waiting for a person to write what the answer must say: not run. */
  drafts: string[];
}

export const CASES_FILE = 'cases.json';

/** The sets in `evalsDir`: each folder with a cases.json, by name. */
export async function listSets(evalsDir: string): Promise<string[]> {
  const entries = await readdir(evalsDir, { withFileTypes: true }).catch(() => []);
  const names: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const files = await readdir(join(evalsDir, entry.name)).catch((): string[] => []);
    if (files.includes(CASES_FILE)) names.push(entry.name);
  }
  return names.sort();
}

/** Reads and checks a set's cases.json; a problem is said with the file and the field. */
export async function readCaseFile(file: string): Promise<EvalCase[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new LumenError('INVALID_REQUEST', `Lumen cannot read ${file}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LumenError('INVALID_REQUEST', `${file} is not JSON.`);
  }
  const parsed = evalCaseFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LumenError('INVALID_REQUEST', `${file}: ${issue.path.join('.') || 'the file'}: ${issue.message}`);
  }
  return parsed.data.cases;
}

export async function loadSet(evalsDir: string, name: string): Promise<CaseSet> {
  const dir = join(evalsDir, name);
  const all = await readCaseFile(join(dir, CASES_FILE));
  const cases: LoadedCase[] = [];
  for (const c of all.filter((c) => !c.draft)) {
    const { picture, pictureFile, audioFile } = c.input;
    cases.push({
      case: c,
      picture: pictureFile ? await caseFile(dir, pictureFile) : picture ? Buffer.from(picture, 'base64') : undefined,
      audio: audioFile ? await caseFile(dir, audioFile) : undefined
    });
  }
  return { name, dir, cases, drafts: all.filter((c) => c.draft).map((c) => c.id) };
}

async function caseFile(dir: string, name: string): Promise<Buffer> {
  try {
    return await readFile(join(dir, name));
  } catch {
    throw new LumenError('INVALID_REQUEST', `The case file ${join(dir, name)} is missing.`);
  }
}
