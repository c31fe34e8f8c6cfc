import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EVAL_CASES_FORMAT, type EvalCase, type EvalCaseFile } from '../../shared/eval-case';
import { CASES_FILE, readCaseFile } from './case-set';

/*
 * The app's feedback export ("was this right?") as case drafts: each answer marked wrong becomes a
 * draft whose expectations are drafted from the user's note, for a person to check and finish.
 */

export interface DraftedExpectations {
  requiredFacts: string[][];
  forbiddenClaims: string[];
}

const LEAD_IN = /^(?:no|nope|wrong|incorrect|not right)\b[\s,.:;!-]*(?:because\b\s*)?|^because\b\s*/i;
/** "There is no cat", "no people": something the answer invented. */
const ABSENT = /^(?:there(?:'s| is| are) no|there(?:'s| is| are) not any|no)\s+(.+)$/i;
/** "It is blue, not red": what is there, and what was wrongly said. */
const INSTEAD = /^(.*?)[\s,]+(?:not|rather than|instead of)\s+(.+)$/i;
/** "It missed the stripes", "it should say the door is open": something the answer left out. */
const MISSED =
  /^(?:it|the answer)?\s*(?:missed|forgot|left out|didn'?t (?:say|mention)|did not (?:say|mention)|should (?:have )?(?:said|say|mention(?:ed)?))\s+(?:that\s+)?(.+)$/i;
/** "it is", "the kettle is": what comes after is the fact. */
const SUBJECT = /^(?:.*?\b(?:is|are|was|were|it's|that's|they're)\s+)?(.+)$/i;

const tidy = (phrase: string) =>
  phrase
    .trim()
    .replace(/^(?:the|a|an)\s+/i, '')
    .replace(/[\s"'“”.,!?]+$/, '');

/** The fact a statement asks for: what the answer missed, or what something is. */
const factIn = (statement: string) => tidy(MISSED.exec(statement)?.[1] ?? SUBJECT.exec(statement)![1]!);

/** Required facts and forbidden claims drafted from a note like "No, because it is blue, not red." */
export function draftFromNote(note: string): DraftedExpectations {
  const drafted: DraftedExpectations = { requiredFacts: [], forbiddenClaims: [] };
  const clauses = note
    .trim()
    .replace(LEAD_IN, '')
    .split(/[.;!?\n]+|\s+but\s+|\s+and\s+/i)
    .map((c) => c.trim())
    .filter(Boolean);
  for (const clause of clauses) {
    const absent = ABSENT.exec(clause);
    const instead = INSTEAD.exec(clause);
    if (absent) drafted.forbiddenClaims.push(tidy(absent[1]!));
    else if (instead) {
      drafted.requiredFacts.push([factIn(instead[1]!.trim())]);
      drafted.forbiddenClaims.push(tidy(instead[2]!));
    } else drafted.requiredFacts.push([factIn(clause)]);
  }
  return {
    requiredFacts: drafted.requiredFacts.filter(([fact]) => fact),
    forbiddenClaims: drafted.forbiddenClaims.filter(Boolean)
  };
}

export interface AddedDrafts {
  added: string[];
  /** Answers the user said were right: nothing to learn from them here. */
  markedRight: number;
  /** Already in the set (the same export added twice). */
  alreadyThere: number;
}

/** Drafts each "no, because …" of a feedback export into the set in `setDir` (made if missing). */
export async function addFeedbackDrafts(exported: readonly EvalCase[], setDir: string): Promise<AddedDrafts> {
  const file = join(setDir, CASES_FILE);
  await mkdir(setDir, { recursive: true });
  const exists = await stat(file).then(
    () => true,
    () => false
  );
  const existing = exists ? await readCaseFile(file) : [];
  const known = new Set(existing.map((c) => c.id));
  const wrong = exported.filter((c) => c.origin?.right === false);
  const fresh = wrong.filter((c) => !known.has(c.id));
  const drafts = fresh.map((c): EvalCase => {
    const { requiredFacts, forbiddenClaims } = draftFromNote(c.origin!.note);
    return {
      ...c,
      draft: true,
      expected: {
        ...c.expected,
        ...(requiredFacts.length ? { requiredFacts } : {}),
        ...(forbiddenClaims.length ? { forbiddenClaims } : {})
      }
    };
  });
  const cases: EvalCaseFile = { format: EVAL_CASES_FORMAT, version: 1, cases: [...existing, ...drafts] };
  await writeFile(file, `${JSON.stringify(cases, null, 2)}\n`);
  return {
    added: drafts.map((c) => c.id),
    markedRight: exported.length - wrong.length,
    alreadyThere: wrong.length - fresh.length
  };
}
