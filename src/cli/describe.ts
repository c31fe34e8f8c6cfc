import { spokenError } from '../core/assistant/errors';
import { streamAnswer } from '../core/assistant/stream-answer';
import { checkCapture } from '../core/imaging/guard';
import { ImageError, prepareImage } from '../core/imaging/prepare';
import { resolveEndpoint } from '../core/openai/endpoint';
import { buildMessages } from '../core/vision/conversation';
import { DESCRIBE_REQUEST, questionInFocus, systemPrompt } from '../core/vision/prompts';
import { EXIT, loadCliContext, type CliIo, readImageFile } from './context';
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
  const mode = args.mode ?? 'scene';
  if (mode !== 'scene' && mode !== 'screen') return usage('--mode must be scene or screen.');
  const detailFlag = args.detail;
  if (detailFlag !== undefined && !['low', 'high', 'auto'].includes(detailFlag)) {
    return usage('--detail must be low, high or auto.');
  }

  const bytes = await readImageFile(args.image, io);
  if (!bytes) return EXIT.failed;
  const { env, settings, secrets } = await loadCliContext(io);
  try {
    if (!args.insist) {
      const verdict = await checkCapture(bytes);
      if (!verdict.ok) {
        io.err(
          `${verdict.message.replace(/ask again to send it anyway\.?$/i, '').trim()} Add --insist to send it anyway.`
        );
        return EXIT.failed;
      }
    }
    const detail = (detailFlag ?? settings.assistant.detail) as 'low' | 'high' | 'auto';
    const prepared = await prepareImage(bytes, { detail });
    const key = await secrets.getKey();
    if (!key) {
      io.err('No API key is set. Set OPENAI_API_KEY, or enter a key in the Lumen app’s settings.');
      return EXIT.failed;
    }
    const turn = {
      mode,
      text: args.question ? questionInFocus(args.question) : DESCRIBE_REQUEST[mode],
      images: [{ dataUrl: prepared.dataUrl(), detail: prepared.detail, tokens: prepared.tokens }],
      answer: ''
    } as const;
    const assistant = settings.assistant;
    let answer = '';
    try {
      answer = await streamAnswer({
        endpoint: resolveEndpoint(settings.endpoint, env),
        key,
        model: mode === 'scene' ? assistant.sceneModel : assistant.screenModel,
        messages: buildMessages(systemPrompt(mode, assistant.verbosity, assistant.language), [], {
          ...turn,
          images: [...turn.images]
        }),
        fetchImpl: io.fetchImpl,
        onDelta: (delta) => {
          answer += delta;
          io.write(delta);
        }
      });
    } catch (error) {
      if (answer) io.write('\n');
      io.err(spokenError(error, answer.length > 0));
      return EXIT.failed;
    }
    io.write('\n');
    return args.speak ? runSpeak({ text: answer }, io) : EXIT.ok;
  } catch (error) {
    if (error instanceof ImageError) {
      io.err(error.message);
      return EXIT.failed;
    }
    throw error;
  }
}
