import type { WebSocket } from 'ws';
import { answerForText, countTokens, tokenise } from '../answers';
import { todayOf, type ServerContext } from '../context';
import { cutAfter, delayFor, wsCloseFault } from '../faults';
import { callId, conversationId, itemId, obfuscation, responseId, sessionId } from '../ids';
import { analyseImage, decodeDataUrl, describeImage, ImageDecodeError, imageTokens } from '../images';
import { isAvailable } from '../models';
import { speechPcmFor } from '../speech';
import { sleep, yieldToIo } from '../timing';
import type { Fault } from '../types';
import {
  CLIENT_EVENT_TYPES,
  defaultSession,
  errorEvent,
  mergeSession,
  REALTIME_TRANSCRIPTION_MODELS,
  spokenList,
  textToRead,
  withEventId
} from './shapes';
import { EnergyVad, msOfSamples, SAMPLE_RATE, type VadConfig } from './vad';

type Json = Record<string, any>;

interface Item {
  item: Json;
  /** Input audio length (user audio) or output audio sent so far (assistant audio). */
  audioMs: number;
  /** Descriptions of the item's input images, decoded when the item was created. */
  imageSentences: string[];
  imageTokens: number;
}

interface ActiveResponse {
  id: string;
  cancelled: null | 'client_cancelled' | 'turn_detected';
}

/** Output audio is sent in 100 ms deltas. */
const DELTA_BYTES = (SAMPLE_RATE * 2) / 10;
const MIN_COMMIT_MS = 100;

/** One Realtime WebSocket connection: its session, conversation, input buffer and responses. */
export class RealtimeSession {
  readonly id = sessionId();
  private session: Json;
  private readonly conversationId = conversationId();
  private readonly items: Item[] = [];
  /** Index into items of the first item not yet answered by a response. */
  private answeredUpTo = 0;
  private buffer: Buffer[] = [];
  private bufferSamples = 0;
  private timelineSamples = 0;
  private readonly vad: EnergyVad;
  private speechItemId: string | null = null;
  private active: ActiveResponse | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private sawSessionUpdate = false;
  private responseDelayFault: number;
  private readonly closeFault: Extract<Fault, { kind: 'ws-close' }> | undefined;
  private cutAfterDeltas: number | undefined;
  private deltasSent = 0;

  constructor(
    private readonly ctx: ServerContext,
    private readonly ws: WebSocket,
    model: string,
    faults: Fault[]
  ) {
    this.session = defaultSession(model);
    this.vad = new EnergyVad(this.vadConfig());
    this.responseDelayFault = delayFor(faults, 'realtime-response');
    this.closeFault = wsCloseFault(faults);
    this.cutAfterDeltas = cutAfter(faults);
    ws.on('message', (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
      this.queue = this.queue
        .then(() => this.onMessage(text))
        .catch((err: unknown) => {
          this.send(errorEvent('server_error', `The fake server failed: ${String(err)}`, null, null));
        });
    });
    ws.on('close', () => {
      this.closed = true;
      if (this.active) this.active.cancelled = 'client_cancelled';
      // After the messages already queued, so a test that sees the close has seen every event.
      this.queue = this.queue.then(() => void this.ctx.realtimeClosed.push(this.id));
    });
  }

  start(): void {
    this.send({ type: 'session.created', session: this.session });
    if (this.closeFault?.after === 'open') this.faultClose();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private send(event: Json): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(event.event_id ? event : withEventId(event as { type: string })));
  }

  private error(code: string, message: string, param: string | null, clientEvent: Json | null): void {
    this.send(
      errorEvent(code, message, param, typeof clientEvent?.event_id === 'string' ? clientEvent.event_id : null)
    );
  }

  private faultClose(): void {
    const f = this.closeFault!;
    this.closed = true;
    if (f.code === 1006) this.ws.terminate();
    else this.ws.close(f.code, f.reason ?? '');
  }

  private get turnDetection(): Json | null {
    return this.session.audio?.input?.turn_detection ?? null;
  }

  private vadConfig(): VadConfig {
    const td = this.turnDetection ?? {};
    const semantic = td.type === 'semantic_vad';
    return {
      threshold: typeof td.threshold === 'number' ? td.threshold : 0.5,
      prefixPaddingMs: typeof td.prefix_padding_ms === 'number' ? td.prefix_padding_ms : 300,
      // semantic_vad waits for the end of a thought; a longer pause approximates that.
      silenceDurationMs: typeof td.silence_duration_ms === 'number' ? td.silence_duration_ms : semantic ? 500 : 200
    };
  }

  private findItem(id: string): Item | undefined {
    return this.items.find((i) => i.item.id === id);
  }

  private addItem(entry: Item, previousItemId?: string | null): void {
    const previous = previousItemId !== undefined ? previousItemId : (this.items.at(-1)?.item.id ?? null);
    const idx = previous === null ? 0 : this.items.findIndex((i) => i.item.id === previous) + 1;
    this.items.splice(idx > 0 ? idx : previous === null ? 0 : this.items.length, 0, entry);
    this.send({ type: 'conversation.item.added', previous_item_id: previous, item: entry.item });
    this.send({ type: 'conversation.item.done', previous_item_id: previous, item: entry.item });
  }

  // ---- client events --------------------------------------------------------------------------

  private async onMessage(text: string): Promise<void> {
    let ev: Json;
    try {
      ev = JSON.parse(text) as Json;
    } catch {
      this.ctx.realtimeEvents.push({ sessionId: this.id, at: Date.now(), event: { unparsable: text } });
      return this.error(
        'invalid_json',
        'The server could not parse the JSON message. Please check that it is valid JSON.',
        null,
        null
      );
    }
    this.ctx.realtimeEvents.push({ sessionId: this.id, at: Date.now(), event: ev });
    if (this.closed) return;
    switch (ev.type) {
      case 'session.update':
        return this.onSessionUpdate(ev);
      case 'input_audio_buffer.append':
        return this.onAppend(ev);
      case 'input_audio_buffer.commit':
        return this.onCommit(ev);
      case 'input_audio_buffer.clear':
        this.clearBuffer();
        this.vad.reset(this.timelineSamples);
        this.speechItemId = null;
        return this.send({ type: 'input_audio_buffer.cleared' });
      case 'output_audio_buffer.clear':
        // WebRTC/SIP only; over WebSocket the client owns playback.
        return this.error(
          'invalid_value',
          'output_audio_buffer.clear is only supported for WebRTC and SIP connections.',
          'type',
          ev
        );
      case 'conversation.item.create':
        return this.onItemCreate(ev);
      case 'conversation.item.retrieve': {
        const found = this.findItem(String(ev.item_id));
        if (!found)
          return this.error(
            'item_retrieve_invalid_item_id',
            `Item with item_id not found: ${ev.item_id}`,
            'item_id',
            ev
          );
        return this.send({ type: 'conversation.item.retrieved', item: found.item });
      }
      case 'conversation.item.delete': {
        const idx = this.items.findIndex((i) => i.item.id === ev.item_id);
        if (idx === -1)
          return this.error('item_delete_invalid_item_id', `Item with item_id not found: ${ev.item_id}`, 'item_id', ev);
        this.items.splice(idx, 1);
        if (this.answeredUpTo > idx) this.answeredUpTo--;
        return this.send({ type: 'conversation.item.deleted', item_id: ev.item_id });
      }
      case 'conversation.item.truncate':
        return this.onTruncate(ev);
      case 'response.create':
        return this.onResponseCreate(ev);
      case 'response.cancel':
        if (!this.active || (typeof ev.response_id === 'string' && ev.response_id !== this.active.id)) {
          return this.error('response_cancel_not_active', 'Cancellation failed: no active response found.', null, ev);
        }
        this.active.cancelled = 'client_cancelled';
        return;
      default:
        return this.error(
          'invalid_value',
          `Invalid value: '${String(ev.type)}'. Supported values are: ${CLIENT_EVENT_TYPES.map((t) => `'${t}'`).join(', ')}.`,
          'type',
          ev
        );
    }
  }

  private onSessionUpdate(ev: Json): void {
    if (!this.sawSessionUpdate) {
      this.sawSessionUpdate = true;
      if (this.closeFault?.after === 'session.update') return this.faultClose();
    }
    const update = ev.session;
    if (!update || typeof update !== 'object')
      return this.error('missing_required_parameter', "Missing required parameter: 'session'.", 'session', ev);
    if (update.type === undefined)
      return this.error(
        'missing_required_parameter',
        "Missing required parameter: 'session.type'.",
        'session.type',
        ev
      );
    if (update.type !== 'realtime') {
      return this.error(
        'invalid_value',
        `Invalid value: '${String(update.type)}'. Supported values are: 'realtime' and 'transcription'.`,
        'session.type',
        ev
      );
    }
    if (update.model !== undefined && update.model !== this.session.model) {
      return this.error('invalid_value', "Cannot update a session's model.", 'session.model', ev);
    }
    const transcription = update.audio?.input?.transcription;
    if (transcription && typeof transcription === 'object' && transcription.model !== undefined) {
      // Only these transcribe the user's words inside a voice session, and only until their shutdown;
      // gpt-realtime-whisper and gpt-transcribe are for transcription sessions and files.
      const today = todayOf(this.ctx);
      const offered = REALTIME_TRANSCRIPTION_MODELS.filter((m) => isAvailable(m, today, this.ctx.shutdowns));
      if (!offered.includes(transcription.model)) {
        const supported = offered.length > 0 ? spokenList(offered.map((m) => `'${m}'`)) : 'none in this session';
        return this.error(
          'invalid_value',
          `Invalid value: '${String(transcription.model)}'. Supported values are: ${supported}.`,
          'session.audio.input.transcription.model',
          ev
        );
      }
    }
    this.session = mergeSession(this.session, update);
    this.vad.configure(this.vadConfig());
    this.send({ type: 'session.updated', session: this.session });
  }

  private clearBuffer(): void {
    this.buffer = [];
    this.bufferSamples = 0;
  }

  private onAppend(ev: Json): void {
    if (typeof ev.audio !== 'string')
      return this.error('missing_required_parameter', "Missing required parameter: 'audio'.", 'audio', ev);
    const bytes = Buffer.from(ev.audio, 'base64');
    const even = bytes.subarray(0, bytes.length & ~1);
    const samples = new Int16Array(even.length / 2);
    for (let i = 0; i < samples.length; i++) samples[i] = even.readInt16LE(i * 2);
    const td = this.turnDetection;
    if (!td) {
      this.buffer.push(even);
      this.bufferSamples += samples.length;
      this.timelineSamples += samples.length;
      return;
    }
    const startOfChunk = this.timelineSamples;
    let consumed = 0;
    for (const e of this.vad.push(samples)) {
      // Split the chunk at the VAD decision so a commit takes exactly the audio heard so far.
      const upTo = Math.min(samples.length, Math.max(consumed, e.atSample - startOfChunk));
      if (upTo > consumed) {
        this.buffer.push(even.subarray(consumed * 2, upTo * 2));
        this.bufferSamples += upTo - consumed;
        consumed = upTo;
      }
      this.timelineSamples = startOfChunk + consumed;
      if (e.type === 'speech_started') {
        this.speechItemId = itemId();
        this.send({
          type: 'input_audio_buffer.speech_started',
          audio_start_ms: e.audioStartMs,
          item_id: this.speechItemId
        });
        if (this.active && td.interrupt_response !== false) this.active.cancelled = 'turn_detected';
      } else {
        const id = this.speechItemId ?? itemId();
        this.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: e.audioEndMs, item_id: id });
        this.commit(id);
        this.speechItemId = null;
        if (td.create_response !== false) this.startResponse({}, null);
      }
    }
    if (consumed < samples.length) {
      this.buffer.push(even.subarray(consumed * 2));
      this.bufferSamples += samples.length - consumed;
    }
    this.timelineSamples = startOfChunk + samples.length;
  }

  private commit(id: string): void {
    const audioMs = msOfSamples(this.bufferSamples);
    const previous = this.items.at(-1)?.item.id ?? null;
    this.clearBuffer();
    this.send({ type: 'input_audio_buffer.committed', previous_item_id: previous, item_id: id });
    const item = {
      id,
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_audio', transcript: null }]
    };
    this.addItem({ item, audioMs, imageSentences: [], imageTokens: 0 }, previous);
    const transcription = this.session.audio?.input?.transcription;
    if (transcription && typeof transcription === 'object') {
      const transcript = `[speech, ${(audioMs / 1000).toFixed(1)} seconds]`;
      const tokens = Math.max(1, Math.round(audioMs / 100));
      this.send({
        type: 'conversation.item.input_audio_transcription.delta',
        item_id: id,
        content_index: 0,
        delta: transcript
      });
      this.send({
        type: 'conversation.item.input_audio_transcription.completed',
        item_id: id,
        content_index: 0,
        transcript,
        usage: {
          type: 'tokens',
          total_tokens: tokens + countTokens(transcript),
          input_tokens: tokens,
          input_token_details: { text_tokens: 0, audio_tokens: tokens },
          output_tokens: countTokens(transcript)
        }
      });
    }
  }

  private onCommit(ev: Json): void {
    const ms = msOfSamples(this.bufferSamples);
    if (ms < MIN_COMMIT_MS) {
      return this.error(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`,
        null,
        ev
      );
    }
    const id = this.speechItemId ?? itemId();
    this.speechItemId = null;
    this.vad.reset(this.timelineSamples);
    this.commit(id);
  }

  private async onItemCreate(ev: Json): Promise<void> {
    const raw = ev.item;
    if (!raw || typeof raw !== 'object')
      return this.error('missing_required_parameter', "Missing required parameter: 'item'.", 'item', ev);
    if (raw.id && this.findItem(raw.id))
      return this.error('item_already_exists', `Item with id '${raw.id}' already exists.`, 'item.id', ev);
    const item: Json = { id: raw.id ?? itemId(), ...raw };
    if (item.type === 'message') {
      item.status = item.status ?? 'completed';
      if (!Array.isArray(item.content))
        return this.error(
          'missing_required_parameter',
          "Missing required parameter: 'item.content'.",
          'item.content',
          ev
        );
    } else if (item.type === 'function_call_output') {
      if (typeof item.call_id !== 'string')
        return this.error(
          'missing_required_parameter',
          "Missing required parameter: 'item.call_id'.",
          'item.call_id',
          ev
        );
    } else if (item.type !== 'function_call') {
      return this.error(
        'invalid_value',
        `Invalid value: '${String(item.type)}'. Supported values are: 'message', 'function_call', and 'function_call_output'.`,
        'item.type',
        ev
      );
    }
    const sentences: string[] = [];
    let tokens = 0;
    for (const part of (item.content ?? []) as Json[]) {
      if (part?.type !== 'input_image') continue;
      const data = decodeDataUrl(String(part.image_url ?? ''));
      if (!data)
        return this.error('invalid_image_url', 'Image URLs must be base64 data URLs.', 'item.content.image_url', ev);
      try {
        const a = await analyseImage(data.bytes);
        sentences.push(describeImage(a));
        tokens += imageTokens(a.width, a.height, part.detail);
      } catch (err) {
        if (!(err instanceof ImageDecodeError)) throw err;
        return this.error(
          'image_parse_error',
          'You uploaded an unsupported image. Please make sure your image is valid.',
          'item.content.image_url',
          ev
        );
      }
    }
    if (this.closed) return;
    const previous = typeof ev.previous_item_id === 'string' ? ev.previous_item_id : undefined;
    if (previous !== undefined && previous !== 'root' && !this.findItem(previous)) {
      return this.error('invalid_value', `Item with previous_item_id not found: ${previous}`, 'previous_item_id', ev);
    }
    this.addItem(
      { item, audioMs: 0, imageSentences: sentences, imageTokens: tokens },
      previous === 'root' ? null : previous
    );
  }

  private onTruncate(ev: Json): void {
    const found = this.findItem(String(ev.item_id));
    if (!found)
      return this.error('item_truncate_invalid_item_id', `Item with item_id not found: ${ev.item_id}`, 'item_id', ev);
    const audioEnd = Number(ev.audio_end_ms);
    if (
      found.item.role !== 'assistant' ||
      !Array.isArray(found.item.content) ||
      !found.item.content.some((c: Json) => c.type === 'output_audio')
    ) {
      return this.error('invalid_value', 'Only assistant messages with audio can be truncated.', 'item_id', ev);
    }
    if (!Number.isFinite(audioEnd) || audioEnd < 0)
      return this.error('invalid_value', 'audio_end_ms must be a non-negative integer.', 'audio_end_ms', ev);
    if (audioEnd > found.audioMs) {
      return this.error(
        'invalid_value',
        `Audio content of ${found.audioMs}ms is already shorter than ${audioEnd}ms`,
        'audio_end_ms',
        ev
      );
    }
    found.audioMs = audioEnd;
    for (const c of found.item.content as Json[]) {
      // The service drops the transcript of truncated audio so the model does not think it was heard.
      if (c.type === 'output_audio') c.transcript = '';
    }
    this.send({
      type: 'conversation.item.truncated',
      item_id: found.item.id,
      content_index: Number(ev.content_index ?? 0),
      audio_end_ms: audioEnd
    });
  }

  private onResponseCreate(ev: Json): void {
    const params = ev.response && typeof ev.response === 'object' ? ev.response : {};
    if (params.input !== undefined && !Array.isArray(params.input)) {
      return this.error(
        'invalid_type',
        "Invalid type for 'response.input': expected an array of items.",
        'response.input',
        ev
      );
    }
    if (this.active) {
      return this.error(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${this.active.id}. Wait until the response is finished before creating a new one.`,
        null,
        ev
      );
    }
    this.startResponse(params, ev);
  }

  // ---- responses ------------------------------------------------------------------------------

  /** Starts a response without blocking the event queue, so cancel/truncate arrive while it streams. */
  private startResponse(params: Json, clientEvent: Json | null): void {
    void clientEvent;
    if (this.active) return;
    const active: ActiveResponse = { id: responseId(), cancelled: null };
    this.active = active;
    void this.runResponse(active, params).finally(() => {
      if (this.active === active) this.active = null;
    });
  }

  /**
   * What a response says and the input it counts. A response given its own `input` answers that
   * input alone, not the conversation: the fake "reads" the last input_text in it aloud, the way a
   * voice told to read text word for word does (reworded when a test asks for a voice that rewords).
   */
  private compose(params: Json): { text: string; inputTokens: { text: number; audio: number; image: number } } {
    if (Array.isArray(params.input)) {
      const read = textToRead(params.input as Json[]);
      const instructions = String(params.instructions ?? this.session.instructions ?? '');
      let text = countTokens(instructions);
      for (const item of params.input as Json[]) {
        for (const c of (Array.isArray(item?.content) ? item.content : []) as Json[]) {
          if (typeof c?.text === 'string') text += countTokens(c.text);
        }
      }
      const inputTokens = { text, audio: 0, image: 0 };
      if (read === null) return { text: answerForText(''), inputTokens };
      return { text: this.ctx.reword?.(read) ?? read, inputTokens };
    }
    const fresh = this.items.slice(this.answeredUpTo);
    let text = 0,
      audio = 0,
      image = 0;
    for (const { item, audioMs, imageTokens: it } of this.items) {
      for (const c of (item.content ?? []) as Json[]) {
        if (typeof c.text === 'string') text += countTokens(c.text);
        if (typeof c.transcript === 'string') text += countTokens(c.transcript);
      }
      if (item.role === 'user') audio += Math.round(audioMs / 100);
      image += it;
    }
    text += countTokens(String(this.session.instructions ?? ''));
    const inputTokens = { text, audio, image };
    if (this.ctx.reply !== null) return { text: this.ctx.reply, inputTokens };
    const sentences = fresh.flatMap((i) => i.imageSentences);
    if (sentences.length > 0) return { text: sentences.join(' '), inputTokens };
    const output = fresh.filter((i) => i.item.type === 'function_call_output').at(-1);
    if (output) return { text: `The function returned: ${String(output.item.output)}`, inputTokens };
    const lastUser = fresh.filter((i) => i.item.role === 'user').at(-1);
    if (lastUser) {
      const said = ((lastUser.item.content ?? []) as Json[])
        .filter((c) => c.type === 'input_text')
        .map((c) => String(c.text))
        .join(' ');
      if (said) return { text: answerForText(said), inputTokens };
      if (lastUser.audioMs > 0)
        return { text: `I heard about ${(lastUser.audioMs / 1000).toFixed(1)} seconds of speech.`, inputTokens };
    }
    return { text: answerForText(''), inputTokens };
  }

  private async runResponse(active: ActiveResponse, params: Json): Promise<void> {
    const modalities: string[] = params.output_modalities ?? this.session.output_modalities ?? ['audio'];
    const audioOut = modalities.includes('audio');
    const inConversation = params.conversation !== 'none';
    const outputFormat = this.session.audio?.output?.format ?? { type: 'audio/pcm', rate: 24000 };
    const voice = params.audio?.output?.voice ?? this.session.audio?.output?.voice ?? 'alloy';
    const base = {
      object: 'realtime.response',
      id: active.id,
      conversation_id: inConversation ? this.conversationId : null,
      output_modalities: modalities,
      max_output_tokens: params.max_output_tokens ?? this.session.max_output_tokens ?? 'inf',
      audio: { output: { format: outputFormat, voice } },
      metadata: params.metadata ?? null
    };
    this.send({
      type: 'response.created',
      response: { ...base, status: 'in_progress', status_details: null, output: [], usage: null }
    });
    this.send({
      type: 'rate_limits.updated',
      rate_limits: [{ name: 'tokens', limit: 40000, remaining: 38490, reset_seconds: 2.265 }]
    });

    const { text: replyText, inputTokens } = this.compose(params);
    if (inConversation && !Array.isArray(params.input)) this.answeredUpTo = this.items.length;
    await sleep(this.ctx.timing.realtimeResponseDelayMs + this.responseDelayFault);
    this.responseDelayFault = 0;

    const call = this.ctx.pendingFunctionCalls.shift();
    const outputIndex = 0;
    const id = itemId();
    const previous = this.items.at(-1)?.item.id ?? null;
    let item: Json;
    let outTextTokens = 0;
    let outAudioMs = 0;
    let itemStarted = false;
    const emitItemStart = (started: Json): void => {
      itemStarted = true;
      this.send({
        type: 'response.output_item.added',
        response_id: active.id,
        output_index: outputIndex,
        item: started
      });
      if (inConversation) {
        this.items.push({ item: started, audioMs: 0, imageSentences: [], imageTokens: 0 });
        this.send({ type: 'conversation.item.added', previous_item_id: previous, item: started });
      }
    };

    if (active.cancelled) {
      item = { id, type: 'message', status: 'incomplete', role: 'assistant', content: [] };
    } else if (call) {
      item = { id, type: 'function_call', status: 'in_progress', name: call.name, call_id: callId(), arguments: '' };
      emitItemStart({ ...item });
      let sent = '';
      for (const piece of tokenise(call.args)) {
        await yieldToIo();
        if (active.cancelled || this.closed) break;
        sent += piece;
        this.send({
          type: 'response.function_call_arguments.delta',
          response_id: active.id,
          item_id: id,
          output_index: outputIndex,
          call_id: item.call_id,
          delta: piece,
          obfuscation: obfuscation()
        });
        this.afterDelta();
      }
      if (!active.cancelled) {
        this.send({
          type: 'response.function_call_arguments.done',
          response_id: active.id,
          item_id: id,
          output_index: outputIndex,
          call_id: item.call_id,
          name: call.name,
          arguments: call.args
        });
      }
      item = {
        ...item,
        status: active.cancelled ? 'incomplete' : 'completed',
        arguments: active.cancelled ? sent : call.args
      };
      outTextTokens = countTokens(call.args);
    } else {
      item = { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
      emitItemStart({ ...item, content: [] });
      const part = audioOut ? { type: 'audio', transcript: '' } : { type: 'text', text: '' };
      const where = { response_id: active.id, item_id: id, output_index: outputIndex, content_index: 0 };
      this.send({ type: 'response.content_part.added', ...where, part });
      const pieces = tokenise(replyText);
      let said = '';
      if (audioOut) {
        const pcm = speechPcmFor(replyText);
        const chunks = Math.ceil(pcm.length / DELTA_BYTES);
        const started = performance.now();
        const factor = this.ctx.timing.realtimeAudioRealtimeFactor;
        let piecesSent = 0;
        const entry = inConversation ? this.findItem(id) : undefined;
        for (let k = 0; k < chunks && !active.cancelled && !this.closed; k++) {
          // Transcript runs slightly ahead of the audio, as it does from the service.
          const due = Math.ceil(((k + 1) / chunks) * pieces.length);
          for (; piecesSent < due; piecesSent++) {
            said += pieces[piecesSent]!;
            this.send({
              type: 'response.output_audio_transcript.delta',
              ...where,
              delta: pieces[piecesSent],
              obfuscation: obfuscation()
            });
          }
          const chunk = pcm.subarray(k * DELTA_BYTES, (k + 1) * DELTA_BYTES);
          this.send({ type: 'response.output_audio.delta', ...where, delta: chunk.toString('base64') });
          outAudioMs += (chunk.length / 2 / SAMPLE_RATE) * 1000;
          if (entry) entry.audioMs = Math.round(outAudioMs);
          if (this.afterDelta()) break;
          if (factor > 0) {
            const wait = started + ((k + 1) * 100) / factor - performance.now();
            await sleep(wait);
          } else {
            await yieldToIo();
          }
        }
        this.send({ type: 'response.output_audio.done', ...where });
        this.send({ type: 'response.output_audio_transcript.done', ...where, transcript: said });
        this.send({ type: 'response.content_part.done', ...where, part: { type: 'audio', transcript: said } });
        item = { ...item, content: [{ type: 'output_audio', transcript: said }] };
      } else {
        for (const piece of pieces) {
          await yieldToIo();
          if (active.cancelled || this.closed) break;
          said += piece;
          this.send({ type: 'response.output_text.delta', ...where, delta: piece, obfuscation: obfuscation() });
          if (this.afterDelta()) break;
        }
        this.send({ type: 'response.output_text.done', ...where, text: said });
        this.send({ type: 'response.content_part.done', ...where, part: { type: 'text', text: said } });
        item = { ...item, content: [{ type: 'output_text', text: said }] };
      }
      item.status = active.cancelled ? 'incomplete' : 'completed';
      outTextTokens = countTokens(said);
    }

    if (itemStarted) {
      this.send({ type: 'response.output_item.done', response_id: active.id, output_index: outputIndex, item });
      if (inConversation) {
        const entry = this.findItem(id);
        if (entry) entry.item = item;
        this.send({ type: 'conversation.item.done', previous_item_id: previous, item });
      }
    }
    const outAudioTokens = Math.round(outAudioMs / 50);
    const inTotal = inputTokens.text + inputTokens.audio + inputTokens.image;
    const usage = {
      total_tokens: inTotal + outTextTokens + outAudioTokens,
      input_tokens: inTotal,
      output_tokens: outTextTokens + outAudioTokens,
      input_token_details: {
        text_tokens: inputTokens.text,
        audio_tokens: inputTokens.audio,
        image_tokens: inputTokens.image,
        cached_tokens: 0,
        cached_tokens_details: { text_tokens: 0, audio_tokens: 0, image_tokens: 0 }
      },
      output_token_details: { text_tokens: outTextTokens, audio_tokens: outAudioTokens }
    };
    const cancelled = active.cancelled;
    const output = itemStarted ? [item] : [];
    this.send({
      type: 'response.done',
      response: {
        ...base,
        status: cancelled ? 'cancelled' : 'completed',
        status_details: cancelled ? { type: 'cancelled', reason: cancelled } : null,
        output,
        usage
      }
    });
  }

  /** Counts streamed deltas for the fault hooks; true when the connection was just cut. */
  private afterDelta(): boolean {
    this.deltasSent++;
    if (this.closeFault?.after === 'response-started' && this.deltasSent === 1) {
      this.faultClose();
      return true;
    }
    if (this.cutAfterDeltas !== undefined && this.deltasSent >= this.cutAfterDeltas) {
      this.closed = true;
      this.ws.terminate();
      return true;
    }
    return false;
  }
}
