import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  baselineOf,
  DEFAULT_MARGIN,
  readBaseline,
  regression,
  regressionLines,
  writeBaseline,
  type Regression
} from '../core/eval/baseline';
import { listSets, loadSet, readCaseFile, type CaseSet } from '../core/eval/case-set';
import { compareRuns, comparisonMarkdown } from '../core/eval/compare';
import { evaluateSets } from '../core/eval/evaluate';
import { judgeAnswer } from '../core/eval/judge';
import { addFeedbackDrafts } from '../core/eval/feedback-drafts';
import { EVAL_REPORT_FORMAT, reportMarkdown, type EvalReport, type ModelRun } from '../core/eval/report';
import type { EvalTarget } from '../core/eval/run-case';
import { MemoryRecordStore } from '../core/ports';
import type { TextUtterance } from '../shared/contract';
import type { Settings } from '../shared/settings';
import { RealtimeSession, sessionConfigFromSettings } from '../core/conversation';
import type { SpokenSession } from '../core/eval/spoken-case';
import { cloudAccess, openModels } from './cloud';
import { cliCore, EXIT, expectedFailure, loadCliContext, type CliContext, type CliIo } from './context';

export interface EvalArgs {
  /** Set names, comma-separated; all of evals/ by default. */
  set?: string;
  model?: string;
  compare?: string;
  endpoint?: string;
  out?: string;
  /** The folder holding the sets (evals/ by default). */
  evals?: string;
  margin?: string;
  saveBaseline?: boolean;
  /** The app's feedback export: each answer marked wrong becomes a case draft in the set. */
  add?: string;
  /** A model that grades each answer by evals/RUBRIC.md, reported apart from the rule-based score. */
  judge?: string;
}

const RUBRIC_FILE = 'RUBRIC.md';

/** Where `--add` puts drafts when no set is named. */
const FEEDBACK_SET = 'feedback';

const REPORT_NAME = 'eval-report';

/**
 * The app's core for an evaluation: the user's key and settings, with the model and endpoint asked
 * for, the shield on (a picture held to ask about would not be an answer), no history kept and no
 * monthly limit (a run's cost is in its report, not in the app's spending).
 */
async function evalTarget(io: CliIo, args: EvalArgs, model: string | undefined, rubric?: string) {
  const env = args.endpoint ? { ...io.env, OPENAI_BASE_URL: args.endpoint } : io.env;
  const context = await loadCliContext({ ...io, env });
  const configured = context.settings;
  let stored: Settings = {
    ...configured,
    endpoint: args.endpoint ? '' : configured.endpoint,
    models: { ...configured.models, ...(model ? { describe: model } : {}) },
    privacy: { ...configured.privacy, shield: 'on', history: false },
    budget: { monthlyLimitUsd: 0 }
  };
  const settingsStore = {
    read: async () => stored,
    write: async (settings: Settings) => {
      stored = settings;
    }
  };
  let listener: ((utterance: TextUtterance) => void) | undefined;
  const evalContext = { ...context, settings: stored, settingsStore, records: new MemoryRecordStore() };
  const core = await cliCore(evalContext, io, (said) => listener?.(said));
  const target: EvalTarget = {
    core,
    onSpoken: (heard) => {
      listener = heard;
      return () => {
        listener = undefined;
      };
    },
    spoken: () => spokenSession(evalContext, io)
  };
  if (args.judge && rubric) {
    const judge = args.judge;
    target.judge = async (c, answer, picture) => {
      const access = await cloudAccess(evalContext, io);
      if (!access) return { model: judge, grade: null, reason: 'No key for the judge.', costUsd: 0 };
      const { endpoint, key } = access;
      return judgeAnswer({ endpoint, key, model: judge, rubric, fetchImpl: io.fetchImpl }, c, answer, picture);
    };
  }
  return { core, target };
}

/** A push-to-talk conversation on the configured conversation model, as `lumen converse --in` opens. */
async function spokenSession(context: CliContext, io: CliIo): Promise<SpokenSession | undefined> {
  const access = await cloudAccess(context, io);
  if (!access) return undefined;
  const models = await openModels(context, io);
  const model = models.model('conversation');
  if (!model) {
    io.err('The service offers no model for a spoken conversation right now.');
    return undefined;
  }
  const { endpoint, key } = access;
  const config = sessionConfigFromSettings(context.settings, {
    turnDetection: 'manual',
    output: 'audio',
    transcriptionModels: models.captionModels()
  });
  const session = new RealtimeSession({
    endpoint,
    model,
    getKey: async (at) => (at === endpoint ? key : undefined),
    config,
    inputMode: 'push-to-talk'
  });
  return { session, model };
}

async function runModel(io: CliIo, args: EvalArgs, sets: CaseSet[], model: string | undefined, rubric?: string) {
  const { core, target } = await evalTarget(io, args, model, rubric);
  try {
    const results = await evaluateSets(target, sets, (set, c) =>
      io.err(`${set} ${c.id}: ${c.verdict}${c.model ? ` (${c.model})` : ''}`)
    );
    // The model that answered (Lumen's choice when none was named).
    const answered = results.flatMap((s) => s.cases).find((c) => c.model)?.model;
    const run: ModelRun = { model: model ?? answered ?? 'the configured model', sets: results };
    return { run, endpoint: core.endpoint() };
  } finally {
    await core.close();
  }
}

/** `lumen eval --add feedback.json`: the export's "no, because …" answers as case drafts in a set. */
async function addDrafts(file: string, setDir: string, io: CliIo): Promise<number> {
  try {
    const { added, markedRight, alreadyThere } = await addFeedbackDrafts(await readCaseFile(file), setDir);
    io.out(`${added.length} case drafts added to ${join(setDir, 'cases.json')}.`);
    if (alreadyThere) io.out(`${alreadyThere} were there already.`);
    if (markedRight) io.out(`${markedRight} answers marked right were left out.`);
    if (added.length) io.out('Check the drafted facts, add what else the answer must say, and set "draft" to false.');
    return EXIT.ok;
  } catch (error) {
    return expectedFailure(error, io);
  }
}

/** `lumen eval`: runs the case sets through the app's road, scores them and writes the report. */
export async function runEval(args: EvalArgs, io: CliIo): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  const margin = args.margin === undefined ? DEFAULT_MARGIN : Number(args.margin);
  if (!(margin >= 0 && margin <= 1)) return usage('--margin must be a share between 0 and 1, e.g. 0.05.');
  if (args.compare && args.saveBaseline)
    return usage('--save-baseline stores one model’s scores; leave out --compare.');

  const evalsDir = resolve(args.evals ?? 'evals');
  if (args.add !== undefined) return addDrafts(args.add, join(evalsDir, args.set ?? FEEDBACK_SET), io);
  const names = args.set ? args.set.split(',').map((s) => s.trim()) : await listSets(evalsDir);
  if (!names.length) {
    io.err(`There are no evaluation sets in ${evalsDir}.`);
    return EXIT.failed;
  }
  let sets: CaseSet[];
  try {
    sets = await Promise.all(names.map((name) => loadSet(evalsDir, name)));
  } catch (error) {
    return expectedFailure(error, io);
  }

  let rubric: string | undefined;
  if (args.judge) {
    rubric = await readFile(join(evalsDir, RUBRIC_FILE), 'utf8').catch(() => undefined);
    if (!rubric) {
      io.err(`--judge grades by ${join(evalsDir, RUBRIC_FILE)}, which Lumen cannot read.`);
      return EXIT.failed;
    }
  }

  const at = new Date();
  const first = await runModel(io, args, sets, args.model, rubric);
  const runs = [first.run];
  if (args.compare) runs.push((await runModel(io, args, sets, args.compare, rubric)).run);
  const comparison = runs.length === 2 ? compareRuns(runs[0]!, runs[1]!) : undefined;

  const regressions: Regression[] = [];
  for (const [i, set] of first.run.sets.entries()) {
    const dir = sets[i]!.dir;
    if (args.saveBaseline) {
      await writeBaseline(dir, baselineOf(set, first.run.model, at));
      io.err(`Baseline for ${set.name} saved.`);
      continue;
    }
    const baseline = await readBaseline(dir).catch((error: unknown) => {
      io.err((error as Error).message);
      return undefined;
    });
    const fell = baseline && regression(set, baseline, margin);
    if (fell) regressions.push(fell);
  }

  const report: EvalReport = {
    format: EVAL_REPORT_FORMAT,
    version: 1,
    at: at.toISOString(),
    endpoint: first.endpoint,
    runs,
    ...(comparison ? { comparison } : {}),
    regressions
  };
  const out = resolve(args.out ?? join('test-results', 'eval'));
  await mkdir(out, { recursive: true });
  const extra = [
    ...(comparison ? comparisonMarkdown(comparison) : []),
    ...(regressions.length ? ['## Below the baseline', '', ...regressions.flatMap(regressionLines), ''] : [])
  ];
  await writeFile(join(out, `${REPORT_NAME}.json`), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(join(out, `${REPORT_NAME}.md`), reportMarkdown(report, extra));

  for (const run of runs) {
    for (const set of run.sets) {
      const t = set.totals;
      io.out(
        `${run.model} · ${set.name}: score ${Math.round(set.score * 100)} %, ${t.passed} passed, ` +
          `${t.caught} faults caught, ${t.failed} failed${set.ok ? '' : ' — NOT OK'}`
      );
      const judged = set.judge;
      if (judged) {
        const mean = judged.meanGrade === null ? 'no grade' : `mean grade ${judged.meanGrade.toFixed(1)} of 5`;
        io.out(`  judge ${judged.model}, apart from the score: ${mean} over ${judged.graded} answers`);
      }
    }
  }
  if (comparison) io.out(`Cheaper: ${comparison.cheaper ?? 'neither'}. Faster: ${comparison.faster ?? 'neither'}.`);
  regressions.flatMap(regressionLines).forEach((line) => io.out(line));
  io.out(`Report: ${join(out, `${REPORT_NAME}.md`)}`);
  const ok = runs.every((run) => run.sets.every((set) => set.ok)) && regressions.length === 0;
  return ok ? EXIT.ok : EXIT.failed;
}
