import type { z } from 'zod';
import {
  contract,
  isEventChannel,
  isInvokeChannel,
  isStreamChannel,
  type EventChannel,
  type InvokeChannel,
  type ParsedRequestOf,
  type ReplyOf,
  type StreamChannel
} from '../shared/contract';
import { LumenError, type LumenErrorShape, type Result } from '../shared/errors';
import { silentLogger, type Logger } from './ports';

export type InvokeHandlers = {
  [K in InvokeChannel]: (request: ParsedRequestOf<K>) => Promise<ReplyOf<K>> | ReplyOf<K>;
};

/** The host's end of a binary pipe. */
export interface StreamSink {
  send(chunk: Uint8Array): void;
  close(error?: LumenErrorShape): void;
}
export interface StreamSession {
  onData(chunk: Uint8Array): void;
  onClose(): void;
}
export type StreamHandlers = { [K in StreamChannel]: (sink: StreamSink) => StreamSession };

export interface RouterOptions {
  /** An invoke that has not answered by then gets a TIMEOUT error instead of hanging the caller. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Caller-supplied keys and values can reach an issue's path and message, so each part is kept short. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => {
      const message = clip(issue.message, 160);
      return issue.path.length ? `${clip(issue.path.map(String).join('.'), 60)}: ${message}` : message;
    })
    .join('; ');
}

/**
 * Transport-agnostic dispatcher. Every host funnels renderer traffic through here, so validation,
 * error shapes and time limits are the same whichever host runs. It never throws.
 */
export class Router {
  private readonly timeoutMs: number;
  private readonly logger: Logger;

  constructor(
    private readonly handlers: InvokeHandlers,
    private readonly streams: StreamHandlers,
    options: RouterOptions = {}
  ) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.logger = options.logger ?? silentLogger;
  }

  async invoke(channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!isInvokeChannel(channel)) {
      return failure('UNKNOWN_CHANNEL', `Lumen has no request called ${safeName(channel)}.`);
    }
    const def = contract[channel];
    const parsed = def.request.safeParse(payload);
    if (!parsed.success) {
      return failure(
        'INVALID_REQUEST',
        `That ${channel} request was not valid: ${describeIssues(parsed.error.issues)}`
      );
    }
    const handler = this.handlers[channel] as (request: unknown) => unknown;
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await Promise.race([
        Promise.resolve().then(() => handler(parsed.data)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new LumenError('TIMEOUT', `Lumen took too long to answer ${channel}. Please try again.`)),
            this.timeoutMs
          );
        })
      ]);
      const checked = def.reply.safeParse(reply);
      if (!checked.success) {
        this.logger.error('reply failed validation', { channel, issues: describeIssues(checked.error.issues) });
        return failure('INTERNAL', 'Lumen made a mistake answering that request. Please try again.');
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      if (error instanceof LumenError) return { ok: false, error: error.toShape() };
      this.logger.error('handler failed', { channel, error: String(error) });
      return failure('INTERNAL', 'Something went wrong inside Lumen. Please try again.');
    } finally {
      clearTimeout(timer);
    }
  }

  openStream(channel: unknown, sink: StreamSink): Result<StreamSession> {
    if (!isStreamChannel(channel)) {
      return failure('UNKNOWN_CHANNEL', `Lumen has no stream called ${safeName(channel)}.`);
    }
    try {
      return { ok: true, value: this.streams[channel](sink) };
    } catch (error) {
      if (error instanceof LumenError) return { ok: false, error: error.toShape() };
      this.logger.error('stream failed to open', { channel, error: String(error) });
      return failure('INTERNAL', 'Lumen could not open that stream.');
    }
  }

  /** Hosts call this before sending an event so a bad payload never reaches a renderer. */
  checkEvent(channel: EventChannel, payload: unknown): Result<unknown> {
    if (!isEventChannel(channel)) return failure('UNKNOWN_CHANNEL', `Lumen has no event called ${safeName(channel)}.`);
    const parsed = contract[channel].payload.safeParse(payload);
    if (!parsed.success) {
      this.logger.error('event failed validation', { channel, issues: describeIssues(parsed.error.issues) });
      return failure('INTERNAL', 'Lumen tried to send a malformed event.');
    }
    return { ok: true, value: parsed.data };
  }
}

function failure(code: LumenErrorShape['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** Echoes a caller-supplied name in an error without letting it become a log or UI injection. */
function safeName(name: unknown): string {
  if (typeof name !== 'string') return 'of that kind';
  return `"${name.slice(0, 60).replace(/[^\w.:-]/g, '?')}"`;
}
