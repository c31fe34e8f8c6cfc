import type { Detail } from '../core/imaging/prepare';
import type { EventPayload } from '../shared/contract';
import { cliCore, EXIT, expectedFailure, loadCliContext, readImageFile, untilQuiet, type CliIo } from './context';
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
  if (args.detail !== undefined && !['low', 'high', 'auto'].includes(args.detail)) {
    return usage('--detail must be low, high or auto.');
  }

  const bytes = await readImageFile(args.image, io);
  if (!bytes) return EXIT.failed;
  let answer = '';
  const core = await cliCore(await loadCliContext(io), io, (said) => {
    if (said.kind !== 'answer') return;
    answer += `${said.text} `;
    io.write(`${said.text} `);
  });
  let outcome = 'failed';
  core.subscribe((channel, payload) => {
    if (channel === 'answer.done') outcome = (payload as EventPayload<'answer.done'>).outcome;
  });
  try {
    const detail = args.detail as Detail | undefined;
    const described = await core.assistant.describe({
      source: 'file',
      image: bytes,
      question: args.question,
      insist: args.insist,
      mode,
      detail
    });
    await described.done;
    // Text read aloud instead of an answer (the offline fallback) is still being written.
    await untilQuiet(core);
    if (answer) io.write('\n');
    if (described.id === null || outcome !== 'complete') return EXIT.failed;
    return args.speak ? runSpeak({ text: answer.trim() }, io) : EXIT.ok;
  } catch (error) {
    return expectedFailure(error, io);
  } finally {
    await core.close();
  }
}
