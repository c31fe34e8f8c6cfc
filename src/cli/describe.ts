import { spokenError } from '../core/assistant/errors';
import { answerWithModels } from '../core/assistant/model-answer';
import { jpegDataUrl, type Detail } from '../core/imaging/prepare';
import { chatCost } from '../core/usage/prices';
import { buildMessages } from '../core/vision/conversation';
import { DESCRIBE_REQUEST, questionInFocus, systemPrompt } from '../core/vision/prompts';
import { cloudAccess, openModels, pictureForCloud, withInsist } from './cloud';
import { EXIT, expectedFailure, loadCliContext, type CliIo, readImageFile } from './context';
import { runSpeak } from './speak';

export interface DescribeArgs {
  image?: string;
  question?: string;
  mode?: string;
  detail?: string;
  speak?: boolean;
  insist?: boolean;
}

/** `lumen describe --image FILE`: streams the description to stdout as it arrives. */
export async function runDescribe(args: DescribeArgs, io: CliIo): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  if (!args.image) return usage('lumen describe needs --image FILE.');
  const mode = (args.mode ?? 'scene') as 'scene' | 'screen';
  if (mode !== 'scene' && mode !== 'screen') return usage('--mode must be scene or screen.');
  const detailFlag = args.detail;
  if (detailFlag !== undefined && !['low', 'high', 'auto'].includes(detailFlag)) {
    return usage('--detail must be low, high or auto.');
  }

  const bytes = await readImageFile(args.image, io);
  if (!bytes) return EXIT.failed;
  const context = await loadCliContext(io);
  const { settings } = context;
  const access = await cloudAccess(context, io);
  if (!access) return EXIT.failed;
  const { endpoint, key, budget } = access;
  try {
    const detail = (detailFlag ?? settings.assistant.detail) as Detail;
    const picture = await pictureForCloud(bytes, settings, { detail, guard: true, insist: args.insist });
    if (!picture.sent) {
      io.err(withInsist(picture.message));
      return EXIT.failed;
    }
    if (picture.hidden) io.err(picture.hidden);
    const turn = {
      mode,
      text: args.question ? questionInFocus(args.question) : DESCRIBE_REQUEST[mode],
      images: [{ dataUrl: jpegDataUrl(picture.jpeg), detail: picture.detail, tokens: picture.tokens }],
      answer: ''
    };
    const assistant = settings.assistant;
    const models = await openModels(context, io);
    let answer = '';
    try {
      answer = await answerWithModels(models, {
        endpoint,
        key,
        messages: buildMessages(systemPrompt(mode, assistant.verbosity, assistant.language), [], turn),
        purpose: 'describe',
        thinkLonger: false,
        fetchImpl: io.fetchImpl,
        onUsage: (used, model) => void budget.add(chatCost(model, used)),
        onDelta: (delta) => {
          answer += delta;
          io.write(delta);
        },
        tell: (note) => io.err(note)
      });
    } catch (error) {
      if (answer) io.write('\n');
      io.err(spokenError(error, answer.length > 0));
      return EXIT.failed;
    } finally {
      await Promise.all([budget.flushed(), models.flushed()]);
    }
    io.write('\n');
    return args.speak ? runSpeak({ text: answer }, io) : EXIT.ok;
  } catch (error) {
    return expectedFailure(error, io);
  }
}
