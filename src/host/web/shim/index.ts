import { buildLumenApi, type StreamHandle, type Transport } from '../../../shared/api';
import type { EventChannel, InvokeChannel } from '../../../shared/contract';
import type { LumenErrorShape, Result } from '../../../shared/errors';
import { BYTE_FIELDS, fromWire, toWire } from '../../../shared/wire';
import { packChunk, tokenProtocols, TOKEN_REFUSED, unpackChunk, WS_PATH } from '../frames';

/**
 * `window.lumen` for a browser tab: the same API the Electron preload exposes, carried over one
 * WebSocket to the web host. Requests made before the socket opens wait for it.
 */
const LOST: LumenErrorShape = {
  code: 'NETWORK',
  message: 'Lumen lost its connection to the web host. Reconnecting…'
};
const NEEDS_TOKEN: LumenErrorShape = {
  code: 'FORBIDDEN',
  message: 'This page needs its token. Open the full address that Lumen printed when it started.'
};

const TOKEN_KEY = 'lumen-token';
/** What newToken() makes; anything else could not even be offered as a WebSocket subprotocol. */
const TOKEN_SHAPE = /^[\w-]{16,200}$/;

/**
 * The token comes once, in the address Lumen printed (?token=…). It leaves the address at once
 * (history.replaceState), so it stays neither in the address bar nor in the browser's history, and
 * is kept in this tab's sessionStorage so that a reload of the tab still finds it. sessionStorage
 * belongs to this origin, port included, so no other server on 127.0.0.1 can read it (a cookie is
 * sent to every port of the host), and it ends with the tab. From here it travels only in the
 * WebSocket's Sec-WebSocket-Protocol header.
 */
function takeToken(): string | null {
  const url = new URL(location.href);
  const given = url.searchParams.get('token');
  if (given !== null) {
    url.searchParams.delete('token');
    history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
    if (TOKEN_SHAPE.test(given)) {
      try {
        sessionStorage.setItem(TOKEN_KEY, given);
      } catch {
        // Storage switched off: this load works, a reload will ask for the address again.
      }
      return given;
    }
  }
  try {
    const kept = sessionStorage.getItem(TOKEN_KEY);
    return kept !== null && TOKEN_SHAPE.test(kept) ? kept : null;
  } catch {
    return null;
  }
}

function forgetToken() {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing was kept.
  }
}

interface OpenStream {
  data: Set<(chunk: Uint8Array) => void>;
  closed: Set<(error?: LumenErrorShape) => void>;
  ended: boolean;
}

function createWebTransport(): Transport {
  let token = takeToken();
  let socket: WebSocket | undefined;
  let outbox: Array<string | Uint8Array> = [];
  let nextId = 1;
  let nextSid = 1;
  let retries = 0;
  let everOpen = false;
  const pending = new Map<number, { channel: InvokeChannel; resolve: (result: Result<unknown>) => void }>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const streams = new Map<number, OpenStream>();

  // The start-up notices come first on the socket, often before the page has started listening:
  // status messages nobody heard yet are kept (a few) for the page's first listener.
  let unheard: unknown[] = [];
  const emit = (channel: EventChannel, payload: unknown) => {
    const heard = listeners.get(channel);
    if (channel === 'status' && !heard?.size) unheard = [...unheard.slice(-19), payload];
    else heard?.forEach((l) => l(payload));
  };
  const endStream = (sid: number, error?: LumenErrorShape) => {
    const stream = streams.get(sid);
    if (!stream || stream.ended) return;
    stream.ended = true;
    streams.delete(sid);
    stream.closed.forEach((l) => l(error));
  };
  const failAll = (error: LumenErrorShape) => {
    for (const { resolve } of pending.values()) resolve({ ok: false, error });
    pending.clear();
    for (const sid of [...streams.keys()]) endStream(sid, error);
  };
  const send = (frame: string | Uint8Array) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
    else if (token) outbox.push(frame);
  };

  const connect = () => {
    if (!token) return;
    socket = new WebSocket(
      `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`,
      tokenProtocols(token)
    );
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      if (retries > 0) emit('status', { level: 'info', text: 'Lumen is connected again.' });
      retries = 0;
      everOpen = true;
      const queued = outbox;
      outbox = [];
      queued.forEach((frame) => socket?.send(frame));
    };
    socket.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) {
        const unpacked = unpackChunk(new Uint8Array(event.data));
        if (unpacked) streams.get(unpacked.sid)?.data.forEach((l) => l(unpacked.chunk));
        return;
      }
      const message = JSON.parse(event.data as string);
      if (message.t === 'reply') {
        const request = pending.get(message.id);
        pending.delete(message.id);
        const result = message.result as Result<unknown>;
        if (request && result.ok) {
          request.resolve({ ok: true, value: fromWire(result.value, BYTE_FIELDS.reply[request.channel]) });
        } else request?.resolve(result);
      } else if (message.t === 'event') {
        emit(message.channel, fromWire(message.payload, BYTE_FIELDS.event[message.channel as EventChannel]));
      } else if (message.t === 'stream-closed') {
        endStream(message.sid, message.error);
      } else if (message.t === 'error') {
        emit('status', { level: 'error', text: message.error.message });
      }
    };
    socket.onclose = (event) => {
      if (event.code === TOKEN_REFUSED) {
        // A missing or old token (Lumen started again with a new one): retrying cannot help.
        token = null;
        outbox = [];
        forgetToken();
        failAll(NEEDS_TOKEN);
        // On the first load, the page's own requests already say so.
        if (everOpen) emit('status', { level: 'error', text: NEEDS_TOKEN.message });
        return;
      }
      failAll(LOST);
      if (retries === 0) emit('status', { level: 'error', text: LOST.message });
      retries += 1;
      if (retries <= 30) setTimeout(connect, Math.min(500 * retries, 5000));
      else emit('status', { level: 'error', text: 'Lumen could not reconnect. Reload the page to try again.' });
    };
  };
  connect();

  return {
    invoke(channel, request) {
      if (!token) return Promise.resolve({ ok: false, error: NEEDS_TOKEN });
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { channel, resolve });
        send(JSON.stringify({ t: 'invoke', id, channel, payload: toWire(request) }));
      });
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      if (channel === 'status' && unheard.length) {
        const held = unheard;
        unheard = [];
        // Said once the caller has finished subscribing, to whoever listens then.
        queueMicrotask(() => held.forEach((payload) => emit('status', payload)));
      }
      return () => set.delete(listener);
    },
    openStream(channel): StreamHandle {
      const sid = nextSid;
      nextSid = (nextSid % 0xffff) + 1;
      const stream: OpenStream = { data: new Set(), closed: new Set(), ended: false };
      streams.set(sid, stream);
      // Without a token the stream ends at once, once its caller has had a chance to listen.
      if (!token) queueMicrotask(() => endStream(sid, NEEDS_TOKEN));
      else send(JSON.stringify({ t: 'stream-open', sid, channel }));
      return {
        send: (chunk) => {
          if (!stream.ended) send(packChunk(sid, chunk));
        },
        onData: (listener) => {
          stream.data.add(listener);
          return () => stream.data.delete(listener);
        },
        onClose: (listener) => {
          stream.closed.add(listener);
          return () => stream.closed.delete(listener);
        },
        close: () => {
          if (stream.ended) return;
          send(JSON.stringify({ t: 'stream-close', sid }));
          endStream(sid);
        }
      };
    }
  };
}

Object.defineProperty(window, 'lumen', {
  value: Object.freeze(buildLumenApi(createWebTransport())),
  writable: false,
  configurable: false
});
