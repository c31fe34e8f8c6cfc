import type { ServerContext } from './context';
import { FaultBook } from './faults';
import { startServer } from './server';
import { generateSelfSigned } from './tls';
import { FAST_TIMING, type FakeOpenAI, type FakeOpenAIOptions, type RecordedRequest } from './types';

export type {
  Fault,
  FaultRoute,
  FakeOpenAI,
  FakeOpenAIOptions,
  RecordedFile,
  RecordedRequest,
  RealtimeEventRecord,
  TimingProfile
} from './types';
export { FAST_TIMING, REALISTIC_TIMING } from './types';

export const DEFAULT_API_KEY = 'sk-test-lumen';

function checkDate(date: string | null): string | null {
  if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new RangeError(`setToday wants YYYY-MM-DD, not ${date}`);
  return date;
}

/** Starts an isolated fake: its own port, state, faults and timing, so tests can run in parallel. */
export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const apiKey = opts.apiKey ?? DEFAULT_API_KEY;
  const listeners = new Set<(r: RecordedRequest) => void>();
  const ctx: ServerContext = {
    apiKey,
    timing: { ...FAST_TIMING, ...opts.timing },
    reply: null,
    faults: new FaultBook(),
    requests: [],
    realtimeEvents: [],
    realtimeClosed: [],
    synthesised: new Map(),
    pendingFunctionCalls: [],
    today: checkDate(opts.today ?? null),
    reword: null,
    rejectedParams: new Map(),
    shutdowns: new Map(),
    inFlight: { now: 0, most: 0 },
    onRequest: (r) => {
      for (const l of [...listeners]) l(r);
    }
  };
  const tls = opts.tls ? generateSelfSigned() : undefined;
  const running = await startServer(ctx, { port: opts.port ?? 0, ...(tls ? { tls } : {}) });
  const http = tls ? 'https' : 'http';
  const ws = tls ? 'wss' : 'ws';
  return {
    baseURL: `${http}://127.0.0.1:${running.port}/v1`,
    realtimeURL: `${ws}://127.0.0.1:${running.port}/v1/realtime`,
    port: running.port,
    apiKey,
    ...(tls ? { ca: tls.cert } : {}),
    requests: ctx.requests,
    inFlight: ctx.inFlight,
    realtimeEvents: ctx.realtimeEvents,
    realtimeClosed: ctx.realtimeClosed,
    inject: (route, fault, times = 1) => ctx.faults.inject(route, fault, times),
    setTiming: (t) => {
      ctx.timing = { ...ctx.timing, ...t };
    },
    setReply: (text) => {
      ctx.reply = text;
    },
    setToday: (date) => {
      ctx.today = checkDate(date);
    },
    setReword: (fn) => {
      ctx.reword = fn;
    },
    setShutdownDate: (model, date) => {
      if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date))
        throw new RangeError(`setShutdownDate wants YYYY-MM-DD, not ${date}`);
      ctx.shutdowns.set(model, date);
    },
    rejectParameter: (model, param) => {
      const set = ctx.rejectedParams.get(model) ?? new Set<string>();
      set.add(param);
      ctx.rejectedParams.set(model, set);
    },
    requestFunctionCall: (name, args) => {
      ctx.pendingFunctionCalls.push({ name, args: typeof args === 'string' ? args : JSON.stringify(args) });
    },
    waitFor: (pred, timeoutMs = 5000) =>
      new Promise<RecordedRequest>((resolve, reject) => {
        const hit = ctx.requests.find(pred);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`fake OpenAI: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        const listener = (r: RecordedRequest): void => {
          if (!pred(r)) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(r);
        };
        listeners.add(listener);
      }),
    close: () => running.close()
  };
}
