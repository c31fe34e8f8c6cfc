import type { Fault, FaultRoute } from './types';

interface Armed {
  fault: Fault;
  remaining: number;
}

/** Faults armed per route; each applies to the next `times` requests/connections on that route. */
export class FaultBook {
  private readonly armed = new Map<FaultRoute, Armed[]>();

  inject(route: FaultRoute, fault: Fault, times = 1): void {
    const list = this.armed.get(route) ?? [];
    list.push({ fault, remaining: times });
    this.armed.set(route, list);
  }

  /** Takes the faults that apply to one request (several may combine, e.g. a delay and a cut). */
  take(route: FaultRoute): Fault[] {
    const list = this.armed.get(route);
    if (!list) return [];
    const taken = list.map((a) => a.fault);
    for (const a of list) a.remaining--;
    this.armed.set(
      route,
      list.filter((a) => a.remaining > 0)
    );
    return taken;
  }
}

/** Sum of delay faults for one stage. */
export function delayFor(faults: Fault[], stage: Extract<Fault, { kind: 'delay' }>['stage']): number {
  let ms = 0;
  for (const f of faults) if (f.kind === 'delay' && f.stage === stage) ms += f.ms;
  return ms;
}

export function statusFault(faults: Fault[]): Extract<Fault, { kind: 'status' }> | undefined {
  return faults.find((f): f is Extract<Fault, { kind: 'status' }> => f.kind === 'status');
}

export function cutAfter(faults: Fault[]): number | undefined {
  const f = faults.find((x): x is Extract<Fault, { kind: 'cut-stream' }> => x.kind === 'cut-stream');
  return f?.afterChunks;
}

export function wsCloseFault(faults: Fault[]): Extract<Fault, { kind: 'ws-close' }> | undefined {
  return faults.find((f): f is Extract<Fault, { kind: 'ws-close' }> => f.kind === 'ws-close');
}
