import { parseArgs } from 'node:util';
import { LUMEN_VERSION } from '../core/version';
import { openModels } from './cloud';
import { EXIT, loadCliContext, withOfflineSpeech, type CliIo } from './context';
import { runConverse } from './converse';
import { runDescribe } from './describe';
import { formatCheck, runDoctor } from './doctor';
import { runEval } from './eval';
import { runModels } from './models';
import { runRead } from './read';
import { runRedact } from './redact';
import { runSpeak } from './speak';
import { runWatch } from './watch';
import { runWatchVideo } from './watch-video';

export { EXIT, type CliIo } from './context';

const HELP = `lumen ${LUMEN_VERSION}: a seeing companion for blind and low-vision people.

Usage:
  lumen doctor [--json]   check Node.js, the API key, the endpoint, models near their shutdown, and offline parts
  lumen models [--json]   each job's model in use, its shutdown date, and the models the service offers
  lumen speak "text" [--out file.wav] [--voice V] [--rate 0.5-2] [--provider openai|offline]
                          say the text aloud, or save it as a 24 kHz WAV file with --out
  lumen describe --image FILE [--question Q] [--mode scene|screen] [--detail low|high|auto] [--speak] [--insist]
                          describe a picture (a photo or a screenshot), streaming the answer;
                          a picture that looks black or blurred is only sent with --insist
  lumen read --image FILE [--lang eng] [--document [--cloud]]
                          print the text in a picture or screenshot in reading order, read offline;
                          --lang picks an installed language (English by default); --document reads
                          a photographed page (a letter on a table): found, flattened, turned upright,
                          light evened; --cloud then sends that page (shielded) to be read by the cloud
  lumen redact --image IN --out OUT [--lang eng]
                          black out card numbers, IBANs, e-mail addresses, phone numbers, codes and
                          passwords found by offline text reading, and list what was hidden (never the text)
  lumen converse --text "question" [--image FILE]
                          one typed turn of the spoken conversation: prints the answer as it streams
  lumen converse --in question.wav [--image FILE] [--out answer.wav]
                          one spoken turn: prints what you said and the answer, and saves the spoken
                          answer as a 24 kHz WAV file with --out
  lumen watch --frames DIR [--fps N] [--describe]
                          watch a screen from its frames (PNG or JPEG, in name order, N a second, 2 by
                          default): print each change with its time and its new text, read offline;
                          --describe also describes each change in one sentence (needs the API key)
  lumen watch --video FILE.y4m [--describe] [--fps N]
                          play a Y4M video through live description and print each change with its
                          time in the video; --describe also sends the changed view and prints what
                          Lumen says; frames are looked at N times a second (the live setting by default)
  lumen eval [--set NAME[,NAME]] [--model M] [--compare M2] [--endpoint URL] [--out DIR]
             [--margin 0.05] [--save-baseline] [--judge MODEL]
                          run the evaluation sets in evals/ through Lumen's describe road, score each
                          answer and write a Markdown and JSON report (test-results/eval by default);
                          --compare runs a second model side by side; fails below a set's baseline;
                          --judge has a model grade each answer by evals/RUBRIC.md, reported apart
  lumen eval --add feedback.json [--set NAME]
                          turn each answer marked wrong in the app's feedback export into a case draft
                          (facts drafted from the note) in evals/NAME (evals/feedback by default)
  lumen --version         print the version
  lumen --help            print this help

Environment:
  OPENAI_API_KEY    the API key (otherwise the one saved by the Lumen web host)
  OPENAI_BASE_URL   an OpenAI-compatible endpoint (default https://api.openai.com/v1)
  LUMEN_DATA_DIR    where settings and the saved key live

Exit codes: 0 all good, 1 a check or command failed, 2 the command line was wrong.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        // lumen speak
        out: { type: 'string', short: 'o' },
        voice: { type: 'string' },
        rate: { type: 'string' },
        provider: { type: 'string' },
        // lumen describe
        image: { type: 'string' },
        question: { type: 'string', short: 'q' },
        mode: { type: 'string' },
        detail: { type: 'string' },
        speak: { type: 'boolean' },
        insist: { type: 'boolean' },
        // lumen read (also --image)
        lang: { type: 'string' },
        document: { type: 'boolean' },
        cloud: { type: 'boolean' },
        // lumen converse (also --image, --out)
        text: { type: 'string' },
        in: { type: 'string' },
        // lumen watch
        frames: { type: 'string' },
        video: { type: 'string' },
        fps: { type: 'string' },
        describe: { type: 'boolean' },
        // lumen eval (also --out)
        set: { type: 'string' },
        model: { type: 'string' },
        compare: { type: 'string' },
        endpoint: { type: 'string' },
        evals: { type: 'string' },
        margin: { type: 'string' },
        'save-baseline': { type: 'boolean' },
        add: { type: 'string' },
        judge: { type: 'string' }
      }
    });
  } catch (error) {
    io.err(`${(error as Error).message}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(LUMEN_VERSION);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(HELP);
    return EXIT.ok;
  }
  if (command === 'doctor' && rest.length === 0) {
    const context = await loadCliContext(io);
    const { env, settings, secrets } = context;
    const models = await openModels(context, io);
    const checks = await withOfflineSpeech((offlineSpeech) =>
      runDoctor({
        env,
        secrets,
        configuredEndpoint: settings.endpoint,
        nodeVersion: io.nodeVersion,
        fetchImpl: io.fetchImpl,
        models,
        offlineVoices: offlineSpeech.voices
      })
    );
    await models.flushed();
    if (values.json) io.out(JSON.stringify({ checks }, null, 2));
    else checks.forEach((c) => io.out(formatCheck(c)));
    return checks.some((c) => c.state === 'problem') ? EXIT.failed : EXIT.ok;
  }
  if (command === 'models' && rest.length === 0) return runModels({ json: values.json }, io);
  if (command === 'speak') {
    const { out, voice, rate, provider } = values;
    return runSpeak({ text: rest.join(' '), out, voice, rate, provider }, io);
  }
  if (command === 'describe' && rest.length === 0) {
    const { image, question, mode, detail, speak, insist } = values;
    return runDescribe({ image, question, mode, detail, speak, insist }, io);
  }
  if (command === 'redact' && rest.length === 0) {
    const { image, out, lang } = values;
    return runRedact({ image, out, lang }, io);
  }
  if (command === 'converse' && rest.length === 0) {
    const { text, image, out } = values;
    return runConverse({ text, in: values.in, image, out }, io);
  }
  if (command === 'read' && rest.length === 0) {
    return runRead({ image: values.image, lang: values.lang, document: values.document, cloud: values.cloud }, io);
  }
  if (command === 'watch' && rest.length === 0) {
    const { video, frames, describe, fps } = values;
    if (video !== undefined && frames !== undefined) {
      io.err('lumen watch takes --video FILE.y4m or --frames DIR, not both.\nRun "lumen --help" for the commands.');
      return EXIT.usage;
    }
    if (video !== undefined) return runWatchVideo({ video, describe, fps }, io);
    return runWatch({ frames, fps, describe }, io);
  }
  if (command === 'eval' && rest.length === 0) {
    const { set, model, compare, endpoint, out, evals, margin, add, judge } = values;
    const saveBaseline = values['save-baseline'];
    return runEval({ set, model, compare, endpoint, out, evals, margin, saveBaseline, add, judge }, io);
  }
  io.err(`"${[command, ...rest].join(' ')}" is not a lumen command. Run "lumen --help" for the commands.`);
  return EXIT.usage;
}
