import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { IpcBenchResult } from './ipc-roundtrip';

export const RESULTS_DIR = join(import.meta.dirname, 'results');
const PERFORMANCE_MD = join(import.meta.dirname, '..', 'docs', 'PERFORMANCE.md');

export interface Recorded<T> {
  measuredAt: string;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  command: string;
  result: T;
}

export function record<T extends { name: string }>(result: T): Recorded<T> {
  const entry: Recorded<T> = {
    measuredAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform
    },
    command: 'npm run bench',
    result
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${result.name}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  return entry;
}

const ms = (x: number) => `${x.toFixed(3)} ms`;

function ipcSection({ measuredAt, machine, result: r }: Recorded<IpcBenchResult>): string {
  const row = (what: string, s: { p50: number; p95: number; p99: number }) =>
    `| ${what} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} |`;
  const target = r.webHost.chunk.p99 <= 2 ? 'met' : 'NOT met';
  return `## IPC round trip (\`bench/ipc-roundtrip.ts\`)

One request in flight at a time, ${r.iterations} measured round trips after a warm-up. "Chunk" is ${r.chunkBytes} bytes, 40 ms of 24 kHz PCM16 mono, sent on the \`diag.echo\` stream and echoed back. The web host runs in its own process, as the browser reaches it; the raw WebSocket line is a bare \`ws\` echo server in its own process, measured in the same run, so the difference is what Lumen's protocol, validation and routing add.

| path | p50 | p95 | p99 |
|---|---|---|---|
${row('router in-process, small invoke (`app.ping`)', r.router.invoke)}
${row('router in-process, 1920-byte chunk', r.router.chunk)}
${row('web host WebSocket, small invoke', r.webHost.invoke)}
${row('web host WebSocket, 1920-byte chunk', r.webHost.chunk)}
${row('raw ws echo, 1920-byte chunk (baseline)', r.rawWebSocket.chunk)}
${row('**added by Lumen** (web host − raw)', r.addedByLumenMs)}

Target: p99 ≤ 2 ms for a 1920-byte chunk through the web host — **${target}** (${ms(r.webHost.chunk.p99)}).
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

const SECTIONS: Record<string, (entry: any) => string> = {
  'ipc-roundtrip': ipcSection
};

/** Rebuilds docs/PERFORMANCE.md from every result file, so it always matches bench/results. */
export function writePerformanceDoc(): void {
  const entries = readdirSync(RESULTS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as Recorded<{ name: string }>);
  const sections = entries.map((e) => SECTIONS[e.result.name]?.(e)).filter(Boolean);
  writeFileSync(
    PERFORMANCE_MD,
    `# Performance

Written by \`npm run bench\` from \`bench/results/*.json\`; do not edit by hand. These machines are shared and
noisy, so each benchmark compares Lumen with a baseline measured in the same run, and reports percentiles.

${sections.join('\n')}`
  );
}
