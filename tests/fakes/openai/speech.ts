import type { IncomingMessage, ServerResponse } from 'node:http';
import { countTokens } from './answers';
import { todayOf, type ServerContext } from './context';
import { invalidValueError, missingParamError, modelNotFoundError, serviceError } from './errors';
import { cutAfter, delayFor } from './faults';
import { cutConnection, sendError, serviceHeaders, writeAndDrain } from './http';
import { helloMp3, sha256, ttsPcm, ttsWav } from './fixtures';
import { isAvailable, modelsServedAt, pathOf, SPEECH_PATH } from './models';
import { refusedByTest } from './params';
import { SseWriter } from './sse';
import { Pacer, sleep, unthrottled } from './timing';
import type { Fault } from './types';

const MAX_INPUT = 4096;
/** Average speaking time per character of input, to size the audio like a real voice would. */
const SECONDS_PER_CHAR = 0.065;
const BYTES_PER_SECOND = 24_000 * 2;

/** Real recorded speech repeated to about the length the input would take to say. */
export function speechPcmFor(text: string, clip: Buffer = ttsPcm()): Buffer {
  const target = Math.max(clip.length, Math.round(text.length * SECONDS_PER_CHAR * BYTES_PER_SECOND) & ~1);
  if (target === clip.length) return clip;
  const out = Buffer.alloc(target);
  for (let off = 0; off < target; off += clip.length) clip.copy(out, off, 0, Math.min(clip.length, target - off));
  return out;
}

function audioFor(format: string, text: string): { body: Buffer; contentType: string } | null {
  switch (format) {
    case 'pcm':
      return { body: speechPcmFor(text), contentType: 'audio/pcm' };
    case 'wav': {
      const { header, pcm } = ttsWav();
      return { body: Buffer.concat([header, speechPcmFor(text, pcm)]), contentType: 'audio/wav' };
    }
    case 'mp3':
      return { body: helloMp3(), contentType: 'audio/mpeg' };
    default:
      return null;
  }
}

export async function handleSpeech(
  ctx: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  faults: Fault[]
): Promise<void> {
  void req;
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const model = typeof b.model === 'string' ? b.model : '';
  if (!model) return sendError(res, missingParamError('model'));
  if (typeof b.input !== 'string') return sendError(res, missingParamError('input'));
  if (typeof b.voice !== 'string' && typeof b.voice !== 'object') return sendError(res, missingParamError('voice'));
  if (!isAvailable(model, todayOf(ctx), ctx.shutdowns)) return sendError(res, modelNotFoundError(model));
  if (pathOf(model) !== SPEECH_PATH)
    return sendError(res, invalidValueError('model', model, modelsServedAt(SPEECH_PATH, todayOf(ctx))));
  const refused = refusedByTest(ctx, model, b);
  if (refused) return sendError(res, refused);
  if (b.input.length > MAX_INPUT) {
    return sendError(
      res,
      serviceError(
        400,
        `Invalid 'input': string too long. Expected a string with maximum length ${MAX_INPUT}, but got a string with length ${b.input.length} instead.`,
        'invalid_request_error',
        'input',
        'string_above_max_length'
      )
    );
  }
  const format = typeof b.response_format === 'string' ? b.response_format : 'mp3';
  const audio = audioFor(format, b.input);
  if (!audio) {
    return sendError(
      res,
      serviceError(
        400,
        `The fake OpenAI server has no recorded '${format}' speech; use 'pcm', 'wav' or 'mp3'.`,
        'invalid_request_error',
        'response_format',
        'unsupported_value'
      )
    );
  }
  ctx.synthesised.set(sha256(audio.body), b.input);

  await sleep(ctx.timing.ttsFirstByteMs + delayFor(faults, 'tts-first-byte'));
  const cut = cutAfter(faults);
  const rate = ctx.timing.ttsBytesPerSecond;
  // Small chunks when paced (smooth like a stream), bigger when not (fast tests).
  const chunkSize = unthrottled(rate) ? 16_384 : 4_800;

  if (b.stream_format === 'sse') {
    const sse = new SseWriter(res, cut, '\r\n');
    sse.start();
    const pacer = new Pacer(rate);
    for (let off = 0; off < audio.body.length; off += chunkSize) {
      await pacer.until(off);
      if (
        !(await sse.send({
          type: 'speech.audio.delta',
          audio: audio.body.subarray(off, off + chunkSize).toString('base64')
        }))
      )
        return;
    }
    const input = countTokens(b.input);
    const output = Math.ceil(audio.body.length / BYTES_PER_SECOND / 0.02);
    if (
      !(await sse.send({
        type: 'speech.audio.done',
        usage: { input_tokens: input, output_tokens: output, total_tokens: input + output }
      }))
    )
      return;
    return sse.done();
  }

  // Chunked like the service (no content-length), so clients must handle a streamed body.
  res.writeHead(200, { ...serviceHeaders(), 'content-type': audio.contentType, 'transfer-encoding': 'chunked' });
  const pacer = new Pacer(rate);
  let chunks = 0;
  for (let off = 0; off < audio.body.length; off += chunkSize) {
    if (res.destroyed) return;
    if (cut !== undefined && chunks >= cut) return cutConnection(res);
    await pacer.until(off);
    await writeAndDrain(res, audio.body.subarray(off, off + chunkSize));
    chunks++;
  }
  res.end();
}
