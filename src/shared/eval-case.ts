import { z } from 'zod';

/**
 * The evaluation set's case format: a picture and a question, what a good answer must and must not
 * say, and where the case came from. Feedback is exported in it, so an answer marked wrong becomes a
 * case draft; a draft may leave `expected` unfinished, a case ready to run may not.
 */

/** What the model was asked to do: describe a scene (camera), a screen, or answer a typed question. */
export const ANSWER_MODES = ['scene', 'screen', 'text'] as const;
export type AnswerMode = (typeof ANSWER_MODES)[number];

export const EVAL_CASES_FORMAT = 'lumen-eval-cases';

/** What an evaluation checks in each answer; a case built to fail names the checks that must catch it. */
export const EVAL_CHECKS = ['answered', 'facts', 'forbidden', 'summaryFirst', 'language', 'cost', 'privacy'] as const;
export type EvalCheckName = (typeof EVAL_CHECKS)[number];

const phrase = z.string().trim().min(1).max(500);

/** A file beside the set's cases.json (a picture, a spoken question): a plain name, no folders. */
const setFile = z.string().regex(/^[\w.-]+$/, 'A file named by a case lies beside cases.json: a plain name.');

/** Something private in the picture: the answer must never contain its text, and its box must be sent blacked out. */
const privateItem = z
  .object({
    text: phrase,
    /** Where it is in the original picture, in its pixels. */
    box: z
      .object({
        x: z.number().int().min(0),
        y: z.number().int().min(0),
        width: z.number().int().positive(),
        height: z.number().int().positive()
      })
      .strict()
      .optional()
  })
  .strict();
export type PrivateItem = z.infer<typeof privateItem>;

export const evalCaseSchema = z
  .object({
    id: z.string().min(1).max(200),
    /** A draft still needs its expectations written (e.g. from a feedback note). */
    draft: z.boolean(),
    input: z
      .object({
        /** The JPEG that was sent, base64; null for a question without a picture. */
        picture: z.base64().nullable(),
        mode: z.enum(ANSWER_MODES),
        /** What the user asked; null for a picture described without a question. */
        question: z.string().min(1).max(4000).nullable(),
        /** The picture as a file beside cases.json, instead of base64 in `picture`. */
        pictureFile: setFile.optional(),
        /** A spoken question: a WAV file beside cases.json, transcribed and asked. */
        audioFile: setFile.optional()
      })
      .strict()
      .refine((input) => !(input.picture && input.pictureFile), {
        message: 'A case has its picture in base64 or in a file, not both.',
        path: ['pictureFile']
      }),
    expected: z
      .object({
        /** Each fact is a list of acceptable phrasings; the answer must say one of each. */
        requiredFacts: z.array(z.array(phrase).min(1)).optional(),
        /** Things the answer must not claim. */
        forbiddenClaims: z.array(phrase).optional(),
        /** The summary that opens the answer has at most this many words. */
        summaryFirstMaxWords: z.number().int().positive().optional(),
        /** The language the answer must be in (BCP 47, e.g. "en"). */
        language: z.string().min(2).max(35).optional(),
        /** The most the answer may cost, in US dollars. */
        maxCostUsd: z.number().positive().optional(),
        /** Private items in the picture or the question. */
        privateItems: z.array(privateItem).optional()
      })
      .strict(),
    /**
     * A case built to fail (it proves the scoring catches a fault): it counts as passed only when each
     * of these checks fails.
     */
    expectedToFail: z.array(z.enum(EVAL_CHECKS)).min(1).optional(),
    origin: z
      .object({
        kind: z.literal('feedback'),
        /** Whether the user said the answer was right. */
        right: z.boolean(),
        note: z.string().max(2000),
        /** The answer given, the model that gave it, and when (ISO time). */
        answer: z.string(),
        model: z.string(),
        at: z.iso.datetime()
      })
      .strict()
      .optional()
  })
  .strict()
  .refine((c) => c.draft || (c.expected.requiredFacts?.length ?? 0) > 0, {
    message: 'A case that is not a draft needs at least one required fact.',
    path: ['expected', 'requiredFacts']
  });
export type EvalCase = z.infer<typeof evalCaseSchema>;

export const evalCaseFileSchema = z
  .object({
    format: z.literal(EVAL_CASES_FORMAT),
    version: z.literal(1),
    cases: z.array(evalCaseSchema)
  })
  .strict()
  .refine((file) => new Set(file.cases.map((c) => c.id)).size === file.cases.length, {
    message: 'Each case needs its own id.',
    path: ['cases']
  });
export type EvalCaseFile = z.infer<typeof evalCaseFileSchema>;
