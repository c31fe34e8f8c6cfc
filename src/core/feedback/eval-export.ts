import { EVAL_CASES_FORMAT, type EvalCase, type EvalCaseFile } from '../../shared/eval-case';
import type { StoredFeedback } from './feedback-store';

/**
 * Feedback as evaluation case drafts: the picture (if the user let it be kept) and the question go
 * in as the input; what the answer must say is left for the evaluation set to write, from the note.
 */
export function feedbackAsEvalCases(entries: readonly StoredFeedback[]): EvalCaseFile {
  return { format: EVAL_CASES_FORMAT, version: 1, cases: entries.map(asCase) };
}

function asCase(entry: StoredFeedback): EvalCase {
  return {
    id: entry.id,
    draft: true,
    input: {
      picture: entry.picture ?? null,
      mode: entry.mode,
      question: entry.ownQuestion ? entry.question : null
    },
    expected: {},
    origin: {
      kind: 'feedback',
      right: entry.right,
      note: entry.note,
      answer: entry.answer,
      model: entry.model,
      at: entry.at
    }
  };
}
