import { INVOKE_CHANNELS, type EventChannel, type InvokeChannel, type StreamChannel } from './channels';
import type { EventPayload, ReplyOf, RequestOf } from './contract';
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

export type LumenApi = InvokeApi & {
  on<E extends EventChannel>(channel: E, listener: (payload: EventPayload<E>) => void): () => void;
  openStream(channel: StreamChannel): StreamHandle;
};

export function buildLumenApi(transport: Transport): LumenApi {
  const api: Record<string, unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    const [group, method] = channel.split('.') as [string, string];
    const target = (api[group] ??= {}) as Record<string, unknown>;
    target[method] = (request?: unknown) => transport.invoke(channel, request ?? {});
  }
  api.on = (channel: EventChannel, listener: (payload: unknown) => void) => transport.subscribe(channel, listener);
  api.openStream = (channel: StreamChannel) => transport.openStream(channel);
  return api as LumenApi;
}
