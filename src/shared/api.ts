import {
  INVOKE_CHANNELS,
  type EventChannel,
  type InvokeChannel,
  type RequestChannel,
  type StreamChannel
} from './channels';
import type { EventPayload, PageReplyOf, PageRequestOf, ReplyOf, RequestOf } from './contract';
import type { LumenErrorShape, Result } from './errors';

/** A binary pipe as the renderer sees it, whatever carries it (MessagePort or WebSocket). */
export interface StreamHandle {
  send(chunk: Uint8Array): void;
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Called once when the pipe ends; `error` says why if it did not end by our own close(). */
  onClose(listener: (error?: LumenErrorShape) => void): () => void;
  close(): void;
}

/** What a host must provide for `window.lumen` to exist. */
export interface Transport {
  invoke(channel: InvokeChannel, request: unknown): Promise<Result<unknown>>;
  subscribe(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  openStream(channel: StreamChannel): StreamHandle;
}

type Group<K> = K extends `${infer G}.${string}` ? G : never;
type InvokeFn<K extends InvokeChannel> =
  Record<string, never> extends RequestOf<K>
    ? (request?: RequestOf<K>) => Promise<Result<ReplyOf<K>>>
    : (request: RequestOf<K>) => Promise<Result<ReplyOf<K>>>;

/** `contract['settings.get']` becomes `lumen.settings.get()`. */
export type InvokeApi = {
  [G in Group<InvokeChannel>]: {
    [K in InvokeChannel as K extends `${G}.${infer M}` ? M : never]: InvokeFn<K>;
  };
};

/** Answers core's requests on one channel; a throw becomes the error core sees. */
export type RequestHandler<K extends RequestChannel> = (
  payload: PageRequestOf<K>,
  signal: AbortSignal
) => Promise<PageReplyOf<K>> | PageReplyOf<K>;

export type LumenApi = InvokeApi & {
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Answers core's requests on `channel` (one handler per channel and window); returns its removal. */
  handle<K extends RequestChannel>(channel: K, handler: RequestHandler<K>): () => void;
  openStream(channel: StreamChannel): StreamHandle;
};

/** A reason that fits page.reply's error field. */
const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

export function buildLumenApi(transport: Transport): LumenApi {
  const api: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    const [group, method] = channel.split('.') as [string, string];
    const target = (api[group] ??= {}) as Record<string, unknown>;
    target[method] = (request?: unknown) => transport.invoke(channel, request ?? {});
  }
  api.on = (channel: EventChannel, listener: (payload: unknown) => void) => transport.subscribe(channel, listener);
  api.openStream = (channel: StreamChannel) => transport.openStream(channel);

  // Core's requests arrive as page.request events; page.cancel aborts one; page.reply answers.
  const running = new Map<string, AbortController>();
  transport.subscribe('page.cancel', (payload) => running.get((payload as { id: string }).id)?.abort());
  api.handle = (channel: RequestChannel, handler: RequestHandler<RequestChannel>) =>
    transport.subscribe('page.request', async (payload) => {
      const asked = payload as EventPayload<'page.request'>;
      if (asked.channel !== channel) return;
      const abort = new AbortController();
      running.set(asked.id, abort);
      try {
        const reply = await handler(asked.payload as never, abort.signal);
        if (!abort.signal.aborted) await transport.invoke('page.reply', { id: asked.id, reply });
      } catch (error) {
        if (!abort.signal.aborted) await transport.invoke('page.reply', { id: asked.id, error: reasonOf(error) });
      } finally {
        running.delete(asked.id);
      }
    });
  return api as LumenApi;
}
