import { readFile, writeFile } from 'node:fs/promises';
import { int16ToBytes } from '../core/audio/pcm';
import { resample } from '../core/audio/resample';
import { decodeWav, encodeWav } from '../core/audio/wav';
import { RealtimeSession, sessionConfigFromSettings, type RealtimeSessionError } from '../core/conversation';
import { conversationPrivacy } from '../core/conversation/conversation-capability';
import { realtimeCost, transcriptionCost } from '../core/usage/prices';
import { SAMPLE_RATE } from '../shared/audio-frames';
import { cloudAccess, openModels, pictureForCloud } from './cloud';
import { EXIT, expectedFailure, loadCliContext, readImageFile, type CliIo } from './context';

export interface ConverseArgs {
  text?: string;
  in?: string;
  image?: string;
  out?: string;
}

/** Audio goes out in one-second pieces: well under the service's message size limit. */
const APPEND_BYTES = SAMPLE_RATE * 2;
/** One turn should never take this long; if it does, something is stuck. */
const TURN_TIMEOUT_MS = 90_000;
/** The user's transcript is made alongside the answer and may land just after it. */
const TRANSCRIPT_GRACE_MS = 5_000;

/**
 * `lumen converse`: one turn of the spoken conversation. With --text the question is typed and the
 * answer printed as it streams (text only, no audio). With --in a WAV file is the question; both
 * transcripts are printed and the spoken answer is saved with --out.
 */
export async function runConverse(args: ConverseArgs, io: CliIo): Promise<number> {
  const usage = (line: string) => {
    io.err(`${line}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  };
  const typed = args.text?.trim();
  if ((typed ? 1 : 0) + (args.in !== undefined ? 1 : 0) !== 1) {
    return usage('lumen converse needs either --text "question" or --in question.wav.');
  }
  if (typed && args.out !== undefined) return usage('--out saves a spoken answer; use it with --in question.wav.');

  let question: Uint8Array | undefined;
  if (args.in !== undefined) {
    question = await readQuestion(args.in, io);
    if (!question) return EXIT.failed;
  }
  const context = await loadCliContext(io);
  const { settings } = context;
  const access = await cloudAccess(context, io);
  if (!access) return EXIT.failed;
  const { endpoint, key, budget } = access;
  let picture: Uint8Array | undefined;
  if (args.image !== undefined) {
    const bytes = await readImageFile(args.image, io);
    if (!bytes) return EXIT.failed;
    // As in the app's conversation: the user chose this picture, so it is not held for being dull.
    const privacy = conversationPrivacy(settings.privacy);
    try {
      const shown = await pictureForCloud(
        bytes,
        { ...settings, privacy },
        { detail: settings.assistant.detail, guard: false }
      );
      if (!shown.sent) {
        io.err(shown.message);
        return EXIT.failed;
      }
      if (shown.hidden) io.err(shown.hidden);
      picture = shown.jpeg;
    } catch (error) {
      return expectedFailure(error, io);
    }
  }
  const models = await openModels(context, io);
  const model = models.model('conversation');
  if (!model) {
    io.err('The service offers no model for a spoken conversation right now.');
    return EXIT.failed;
  }
  const session = new RealtimeSession({
    endpoint,
    model,
    // The key cloudAccess gave for this very endpoint.
    getKey: async (at) => (at === endpoint ? key : undefined),
    config: sessionConfigFromSettings(settings, {
      turnDetection: 'manual',
      output: typed ? 'text' : 'audio',
      transcriptionModels: models.captionModels()
    }),
    inputMode: 'push-to-talk'
  });
  session.on('usage', (used) => void budget.add(realtimeCost(model, used)));
  session.on('captionsUsage', (used) => void budget.add(transcriptionCost(used.model, used.seconds)));
  session.on('captionsUnavailable', ({ message }) => io.err(message));
  session.on('transcriptionRefused', (refused) => models.captionsRefused(refused));
  try {
    return await oneTurn(session, { typed, question, picture, out: args.out }, io);
  } finally {
    session.stop();
    await Promise.all([budget.flushed(), models.flushed()]);
  }
}

async function readQuestion(path: string, io: CliIo): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    io.err(missing ? `Lumen cannot find ${path}.` : `Lumen cannot read ${path}.`);
    return undefined;
  }
  try {
    const wav = decodeWav(bytes);
    return int16ToBytes(resample(wav.samples, wav.sampleRate, SAMPLE_RATE));
  } catch (error) {
    io.err(`${path} is not a WAV file Lumen can use: ${(error as Error).message}`);
    return undefined;
  }
}

interface Turn {
  typed: string | undefined;
  question: Uint8Array | undefined;
  picture: Uint8Array | undefined;
  out: string | undefined;
}

async function oneTurn(session: RealtimeSession, turn: Turn, io: CliIo): Promise<number> {
  const answerAudio: Int16Array[] = [];
  let userText: string | undefined;
  let answerText = '';
  let streamed = false;
  let failure: RealtimeSessionError | undefined;
  let finished: () => void = () => {};
  const over = new Promise<void>((resolve) => (finished = resolve));
  let userCaptionArrived: () => void = () => {};
  const userCaption = new Promise<void>((resolve) => (userCaptionArrived = resolve));

  session.on('audio', (chunk) => answerAudio.push(chunk.samples));
  session.on('caption', (caption) => {
    if (caption.role === 'user') {
      if (caption.final) {
        userText = caption.text;
        userCaptionArrived();
      }
      return;
    }
    if (turn.typed && caption.delta) {
      io.write(caption.delta);
      streamed = true;
    }
    if (caption.final) answerText = caption.text;
  });
  session.on('error', (error) => {
    // A one-turn command cannot carry on past a lost turn: stop at the first problem that ends it.
    if (error.fatal || error.code === 'too-short' || error.code === 'audio' || error.code === 'image') {
      failure = error;
      finished();
    } else {
      io.err(error.message);
    }
  });
  session.on('state', (state) => {
    if (state === 'reconnecting' && !failure) {
      failure = {
        code: 'network',
        fatal: true,
        message: 'The connection dropped before the answer was complete. Please try again.'
      };
      finished();
    }
  });
  session.on('responseDone', () => finished());

  if (!(await session.start())) {
    io.err(failure?.message ?? 'Lumen could not start the conversation.');
    return EXIT.failed;
  }
  if (turn.picture) await session.addImage(turn.picture);
  if (turn.typed) {
    await session.sendText(turn.typed);
  } else {
    await session.pressTalk();
    const pcm = turn.question!;
    for (let off = 0; off < pcm.byteLength; off += APPEND_BYTES) {
      session.appendAudio(pcm.subarray(off, Math.min(off + APPEND_BYTES, pcm.byteLength)));
    }
    await session.releaseTalk();
  }

  const timedOut = await Promise.race([
    over.then(() => false),
    new Promise<boolean>((resolve) => setTimeout(resolve, TURN_TIMEOUT_MS, true).unref())
  ]);
  if (streamed) io.write('\n');
  if (failure) {
    io.err(failure.message);
    return EXIT.failed;
  }
  if (timedOut) {
    io.err('The service did not answer in time. Please try again.');
    return EXIT.failed;
  }
  if (turn.typed) return EXIT.ok;

  if (userText === undefined) {
    await Promise.race([userCaption, new Promise((resolve) => setTimeout(resolve, TRANSCRIPT_GRACE_MS).unref())]);
  }
  io.out(`You: ${userText ?? '(no transcript)'}`);
  io.out(`Lumen: ${answerText}`);
  if (turn.out !== undefined) {
    const samples = new Int16Array(answerAudio.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of answerAudio) {
      samples.set(chunk, at);
      at += chunk.length;
    }
    try {
      await writeFile(turn.out, encodeWav(samples, SAMPLE_RATE));
    } catch (error) {
      io.err(`Lumen could not save the answer to ${turn.out}: ${(error as Error).message}`);
      return EXIT.failed;
    }
    io.out(`Saved ${(samples.length / SAMPLE_RATE).toFixed(1)} seconds of the answer to ${turn.out}.`);
  }
  return EXIT.ok;
}
