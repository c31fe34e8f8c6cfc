import type { IncomingMessage, ServerResponse } from 'node:http';
import { countTokens } from './answers';
import { todayOf, type ServerContext } from './context';
import { invalidValueError, missingParamError, modelNotFoundError, serviceError } from './errors';
import { cutAfter } from './faults';
import { knownTranscripts, parseWav, sha256 } from './fixtures';
import { sendError, sendJson, serviceHeaders } from './http';
import { isAvailable, modelsServedAt, pathOf, TRANSCRIPTIONS_PATH } from './models';
import type { Multipart } from './multipart';
import { refusedByTest } from './params';
import { SseWriter } from './sse';
import type { Fault } from './types';

interface Heard {
  text: string;
  seconds: number;
}

function pcmSeconds(bytes: number, rate = 24_000): number {
  return bytes / 2 / rate;
}

/** What the audio says: known real recordings, audio this server synthesised, or a deterministic description. */
function hear(ctx: ServerContext, data: Buffer, filename: string): Heard {
  const hash = sha256(data);
  const known = knownTranscripts().get(hash);
  const wav = parseWav(data);
  const seconds = wav
    ? pcmSeconds(wav.pcm.length / Math.max(1, wav.channels), wav.sampleRate || 24_000)
    : /\.pcm$/i.test(filename)
      ? pcmSeconds(data.length)
      : 0;
  if (known) return known;
  const spoken = ctx.synthesised.get(hash);
  if (spoken !== undefined) return { text: spoken, seconds };
  return { text: `[speech, ${seconds.toFixed(1)} seconds]`, seconds };
}

export async function handleTranscription(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  form: Multipart | null,
  faults: Fault[]
): Promise<void> {
  void req;
  if (!form) {
    return sendError(
      res,
      serviceError(
        400,
        "Invalid Content-Type header (application/json), expected multipart/form-data. (HINT: If you're using curl, you can pass -H 'Content-Type: multipart/form-data')"
      )
    );
  }
  const model = form.fields.model ?? '';
  if (!model) return sendError(res, missingParamError('model'));
  const file = form.files.find((f) => f.name === 'file');
  if (!file) return sendError(res, missingParamError('file'));
  if (!isAvailable(model, todayOf(ctx), ctx.shutdowns)) return sendError(res, modelNotFoundError(model));
  if (pathOf(model) !== TRANSCRIPTIONS_PATH)
    return sendError(res, invalidValueError('model', model, modelsServedAt(TRANSCRIPTIONS_PATH, todayOf(ctx))));
  const refused = refusedByTest(ctx, model, form.fields);
  if (refused) return sendError(res, refused);
  const heard = hear(ctx, file.data, file.filename);
  const format = form.fields.response_format ?? 'json';
  const whisper = model === 'whisper-1';
  const durationUsage = { type: 'duration', seconds: Math.max(1, Math.ceil(heard.seconds)) };
  const audioTokens = Math.max(1, Math.round(heard.seconds * 10));
  const outputTokens = countTokens(heard.text);
  const tokenUsage = {
    type: 'tokens',
    total_tokens: audioTokens + outputTokens,
    input_tokens: audioTokens,
    input_token_details: { text_tokens: 0, audio_tokens: audioTokens },
    output_tokens: outputTokens
  };
  const usage = whisper ? durationUsage : tokenUsage;

  if (form.fields.stream === 'true' && !whisper) {
    // Shape of StreamingTranscriptionWorks(UsingFilePath).json.
    const sse = new SseWriter(res, cutAfter(faults), '\r\n');
    sse.start();
    for (const piece of heard.text.match(/\s*[^\s,.!?]+|[,.!?]/g) ?? []) {
      if (!(await sse.send({ type: 'transcript.text.delta', delta: piece }))) return;
    }
    if (!(await sse.send({ type: 'transcript.text.done', text: heard.text, usage }))) return;
    return sse.done();
  }
  if (format === 'text') {
    res.writeHead(200, { ...serviceHeaders(), 'content-type': 'text/plain; charset=utf-8' });
    res.end(`${heard.text}\n`);
    return;
  }
  if (format === 'verbose_json') {
    return sendJson(res, 200, {
      task: 'transcribe',
      language: 'english',
      duration: heard.seconds,
      text: heard.text,
      segments: [
        {
          id: 0,
          seek: 0,
          start: 0,
          end: heard.seconds,
          text: ` ${heard.text}`,
          tokens: [],
          temperature: 0,
          avg_logprob: -0.3,
          compression_ratio: 1,
          no_speech_prob: 0.01
        }
      ],
      usage: durationUsage
    });
  }
  return sendJson(res, 200, { text: heard.text, usage });
}
