import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { benchChunker } from './chunker';
import type { DescribeBenchResult } from './describe';
import type { DocumentBenchResult } from './document';
import type { FirstPressBenchResult } from './first-press';
import type { GuideBenchResult } from './guide';
import type { ConversationBenchResult } from './conversation';
import type { ImagingBenchResult } from './imaging';
import type { IpcBenchResult } from './ipc-roundtrip';
import type { LiveBenchResult } from './live';
import type { OcrBenchResult } from './ocr';
import type { Summary } from './stats';
import type { SoakBenchResult } from './soak';
import type { SpeechBenchResult } from './speech';
import type { WatchBenchResult } from './watch';

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

const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);
const ms = (x: number) => (Math.abs(x) < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(1)} ms`);

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

function chunkerSection({
  measuredAt,
  machine,
  result: r
}: Recorded<Awaited<ReturnType<typeof benchChunker>>>): string {
  return `## Sentence chunker (\`bench/chunker.ts\`)

${(r.bytes / 1e6).toFixed(1)} MB of generated mixed text (English, CJK and other scripts, lists, URLs, numbers) fed in 4–20 character deltas, ${r.runs.length} runs.

Median throughput: **${r.mbPerSecond.toFixed(1)} MB/s** (target ≥ 5 MB/s — **${r.mbPerSecond >= 5 ? 'met' : 'NOT met'}**).
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function soakSection({ measuredAt, machine, result: r }: Recorded<SoakBenchResult>): string {
  const faults = Object.entries(r.faults)
    .map(([kind, n]) => `${n} ${FAULT_WORDS[kind] ?? kind}`)
    .join(', ');
  const ok = (pass: boolean) => verdict(pass);
  return `## Soak: describes while the cloud fails now and then (\`bench/soak.ts\`)

${r.describes} describes in a row in core against the fake service (the driver is \`tests/soak.ts\`; the unit tests run a short version of it), ${Math.round(r.faultRate * 100)} % of them meeting a fault chosen at random: ${faults}. Half-way through, the service's date passes gpt-4o's shutdown while it is the chosen model. ${r.seconds} s in all.

- Crashes: none (the run finished); unhandled rejections: **${r.unhandledRejections}** (target 0 — **${ok(r.unhandledRejections === 0)}**).
- Most requests in flight at once: **${r.maxInFlight}** (target ≤ 2 — **${ok(r.maxInFlight <= 2)}**).
- Every press ended with its answer spoken (${r.outcomes.spoken}) or its failure said (${r.outcomes.failureSaid}); unaccounted: **${r.outcomes.unaccounted}** (target 0 — **${ok(r.outcomes.unaccounted === 0)}**).
- Resident memory ${r.rssMb.warm} MB after the first tenth, ${r.rssMb.end} MB at the end: growth **${(r.rssMb.growth * 100).toFixed(1)} %** (target ≤ 10 % — **${ok(r.rssMb.growth <= 0.1)}**).
- Models that answered, in order: ${r.models.join(', ')}; "has been retired" said ${times(r.retiredSaid)}.

Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function watchSection({ measuredAt, machine, result: r }: Recorded<WatchBenchResult>): string {
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  const row = (what: string, run: WatchBenchResult['still']) =>
    `| ${what} | ${run.frames} | ${run.changes} | **${pct(run.coreShare)}** | ${run.cpuMsPerFrame.toFixed(1)} ms | ${ms(run.frameMs.p50)} | ${ms(run.frameMs.p95)} |`;
  return `## Watching the screen (\`bench/watch.ts\`)

A watched ${r.screen.width}×${r.screen.height} window (a generated invoice list with a column of buttons beside its lines, about 26 lines of text in view, PNG of ${(r.screen.pngBytes / 1024).toFixed(0)} KB, as the page sends it) at ${r.fps} frames a second for ${r.seconds} s, through core's \`watch.frame\`: each frame decoded, shrunk to grey and compared with the last, and each settled change read offline with its new lines said. The text reader remembers the blocks of the window it has read (each line, each button, by its pixels), so a change is read only where it is. The CPU time is the whole process's (\`process.cpuUsage\`, the text reader's worker threads included) over the watched time, as a share of one core; the first frame, which starts the text reader and reads the whole window, is left out. The page's own cost (drawing and encoding the frame) is not in it.

| run | frames | changes | share of one core | CPU a frame | core's answer p50 | p95 |
|---|---|---|---|---|---|---|
${row('nothing changes', r.still)}
${row('two invoices marked settled every 10 s', r.changing)}
${row('every line changes every 10 s', r.changingAll)}

Goal: under 15 % of one core while watching — **${verdict(r.still.coreShare < 0.15)}** while nothing changes; **${verdict(r.changing.coreShare < 0.15)}** when a few lines change every 10 s (a progress dialog, a chat, a list); ${verdict(r.changingAll.coreShare < 0.15)} when every line of a full window changes every 10 s, where the whole window is read each time.
Before the text reader remembered blocks (it remembered whole rows of the window, which the button column joined into pieces of up to 17 lines), the same screens, measured the same day on the same machine: 8.5 % while nothing changes, 14.5 % with two invoices settled every 10 s, 27.8 % with every line changing; and 25–33 % in the first measurement, whose only changing screen changed every line.
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

const FAULT_WORDS: Record<string, string> = {
  busy: 'busy (429 with retry-after)',
  failing: 'failing (500, one to three times)',
  cut: 'streams cut mid-answer',
  twice: 'presses replaced at once by another'
};

function speechSection({ measuredAt, machine, result: r }: Recorded<SpeechBenchResult>): string {
  const row = (what: string, s: { p50: number; p95: number; p99: number; n: number }) =>
    `| ${what} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} |`;
  const v = r.voiceSocket;
  return `## Speech: time to first sound and stop (\`bench/speech.ts\`)

The fake service runs the issue's chat profile, first token ${r.timing.chatFirstTokenMs} ms and ${r.timing.chatTokensPerSecond} tokens/s, and a Realtime voice whose audio starts ${r.timing.realtimeResponseDelayMs} ms after a response is asked for (the old speech endpoint's first-byte delay) and comes ${r.timing.realtimeAudioRealtimeFactor === 1 ? 'at real time' : `at ${r.timing.realtimeAudioRealtimeFactor}× real time`}. Its date is ${r.today}, after the speech endpoint's models shut down: it lists ${r.speechEndpointModelsListed.length ? r.speechEndpointModelsListed.join(', ') : 'none of them'}, and ${r.speechEndpointRequests} requests went to \`/v1/audio/speech\`. The question asks for the fake's six-sentence answer, which comes from ${r.answer.model}${r.answer.reasoningEffort ? ` (reasoning effort ${r.answer.reasoningEffort})` : ''}; the ${r.timing.chatFirstTokenMs} ms before its first word stand for the service's whole wait, thinking included, as in the measures before the Realtime voice, so the comparison isolates the voice (a second comparison below adds the model's thinking on top). Lumen's number runs the whole product path: the page asks through the web host, core streams the chat completion and cuts the first clause, the OpenAI voice (${r.voice.model}, voice ${r.voice.voice}) reads it as one out-of-band Realtime response on its warm WebSocket, and the PCM goes to the page, where the AudioWorklet reports its first played sample. The naive path, measured in the same run against the same server with Lumen's own chat request and the same voice session, waits for the whole answer, then opens a fresh Realtime WebSocket and has one out-of-band response read all of it; its number is the arrival of the first audio delta, before any playback, so it flatters the naive path.

| measure | n | p50 | p95 | p99 |
|---|---|---|---|---|
${row('Lumen: question → first sample played', r.lumenFirstSampleMs)}
${row('naive: question → first Realtime audio of the whole answer', r.naiveFirstAudioMs)}
${row('naive, part: question → first words of the answer (both paths wait for them)', r.naiveFirstWordMs)}
${row('naive, part: question → whole answer', r.naiveAnswerMs)}
${row('naive, part: whole answer → first audio delta on a fresh WebSocket (handshake included)', r.naiveVoiceMs)}
${row('stop reaches the player → worklet silent, Realtime voice speaking', r.stopToSilenceAtWorkletMs)}
${row('stop pressed in the page → worklet silent', r.stopToSilenceFromPageMs)}

Lumen is **${r.speedup}× sooner** (median; target ≥ 3× — **${verdict(r.speedup >= 3)}**). With ${r.answer.model}'s low-effort thinking paced before its first word as well (16 tokens at ${r.timing.chatTokensPerSecond} tokens/s, a wait both paths share), Lumen's median is ${ms(r.withThinking.lumenFirstSampleMs.p50)} against ${ms(r.withThinking.naiveFirstAudioMs.p50)}: ${r.withThinking.speedup}× sooner. Both paths first wait a median ${ms(r.naiveFirstWordMs.p50)} for the answer's first words (the first token and the model's thinking); counted from them, Lumen is ${r.speedupAfterFirstWord}× sooner. Stop → silence p95 at the worklet **${ms(r.stopToSilenceAtWorkletMs.p95)}**, from the page **${ms(r.stopToSilenceFromPageMs.p95)}** (target ≤ 50 ms — **${verdict(r.stopToSilenceAtWorkletMs.p95 <= 50)}** and **${verdict(r.stopToSilenceFromPageMs.p95 <= 50)}**).
The voice's WebSocket (\`/v1/realtime\` in the service's log, the naive client's sockets left out) was opened **${times(v.opens)}** for ${v.utterances} utterances (${2 * r.runs} answers, then ${v.utterances - 2 * r.runs} stopped sentences; ${times(v.opensDuringStops)} during the stops), which asked for ${v.sentencesAsked} out-of-band responses and cancelled ${v.cancels} when stopped.
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, headless Chromium.
`;
}

function firstPressSection({ measuredAt, machine, result: r }: Recorded<FirstPressBenchResult>): string {
  const seconds = (x: number) => `${x / 1000} s`;
  const row = (c: FirstPressBenchResult['cases'][number]) =>
    `| ${c.source} | ${c.warmUp ? 'on' : 'off'} | ${c.delayMs ? `${seconds(c.delayMs)} after` : 'at once'} | ${ms(c.firstMs.p50)} | ${ms(c.fifthMs.p50)} | **${c.ratio}×** | ${ms(c.pageLoadMs.p50)} | ${c.textReadingReadyMs ? ms(c.textReadingReadyMs.p50) : '—'} |`;
  const find = (source: string, warmUp: boolean, delayMs: number) =>
    r.cases.find((c) => c.source === source && c.warmUp === warmUp && c.delayMs === delayMs)!;
  const goal = (source: string) => find(source, true, r.userDelayMs);
  const cold = (source: string) => find(source, false, r.userDelayMs);
  const atOnce = (source: string) =>
    `${source} ${ms(find(source, true, 0).firstMs.p50)} with it and ${ms(find(source, false, 0).firstMs.p50)} without`;
  const verdictFor = (source: string) =>
    `${source} **${goal(source).ratio}×** (**${verdict(goal(source).ratio <= 1.3)}**)`;
  const shieldRows = r.shield.pools
    .map(
      ({ workers, ms: s }) =>
        `| ${workers} worker${workers === 1 ? '' : 's'}${workers === r.poolSize ? ' (the chosen pool)' : ''} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} |`
    )
    .join('\n');
  return `## The first describe after start-up (\`bench/first-press.ts\`)

Each start-up is the built web host in a process of its own with a fresh data folder (the key from the environment, the fake service) and a fresh page in headless Chromium. The window is up when the page's audio player has connected, the last thing it starts; the web host starts the warm-up then. The user presses ${seconds(r.userDelayMs)} later (a screen reader has said the window's name and the user presses a key), or at once, then ${r.presses} times in all, each answer stopped as its request arrives and the next press ${r.betweenPressesMs} ms after. Measured: press → the describe request has arrived at the service, with the privacy shield on (the default). The camera is Chromium's fake camera; the screen a 4K app screen whose 40 lines change at every press, so every press reads all its text (none can be remembered). "Off" is the web host started with \`--no-warm-up\`: as Lumen ran before the warm-up, with the pool sized as now. The cases take turns, ${r.starts.camera} start-ups of each camera case and ${r.starts.screen} of each screen case; times are medians over the start-ups, and first ÷ fifth is the median of each start-up's own ratio (its first and fifth presses seconds apart, on a machine others share: its load average was ${r.loadAverage.before} before the start-ups and ${r.loadAverage.after} after, on ${r.cores} cores).

| picture | warm-up | pressed, after the window is up | first press | fifth press | first ÷ fifth | page up | warm-up's text-reading step done, after the window is up |
|---|---|---|---|---|---|---|---|
${r.cases.map(row).join('\n')}

With the warm-up, pressed ${seconds(r.userDelayMs)} after the window is up, the first press takes ${verdictFor('camera')} and ${verdictFor('screen')} the time of the fifth (target ≤ 1.3×); without it, ${cold('camera').ratio}× and ${cold('screen').ratio}×. Pressed at once, while the warm-up is under way (the press shares what it has started), the first press takes ${atOnce('camera')}, ${atOnce('screen')}. The page comes up as quickly with the warm-up as without (camera: ${ms(goal('camera').pageLoadMs.p50)} and ${ms(cold('camera').pageLoadMs.p50)}), since the warm-up starts only once the page is up.
Opening the connection ahead: in fresh processes (n = ${r.connection.processes} each), Lumen's first chat request reaches the service in ${ms(r.connection.firstMs.p50)} with nothing before it, ${ms(r.connection.firstAfterModelListMs.p50)} after the start-up list of models (which core asks for as it starts whenever a key is set), and the third in ${ms(r.connection.thirdMs.p50)}: milliseconds, against presses of hundreds, so the warm-up asks the service nothing more and its last step waits for that list. Here the service is local; over the internet a new connection also costs its round trips, which every press after the connection has gone idle pays, the fifth as much as the first.
The text-reading pool on this machine: **${r.poolSize} worker${r.poolSize === 1 ? '' : 's'}** (${r.cores} cores: on two cores both read, from three one is left to the rest of Lumen; at most 4). What the privacy shield adds on its own (read the text of a 4K screen prepared as sent, ${r.shield.linesRead} lines, and black out what is private), a new screen each time, warm engines taking turns:

| text-reading workers | n | p50 | p95 |
|---|---|---|---|
${shieldRows}

Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, headless Chromium.
`;
}

function imagingSection({ measuredAt, machine, result: r }: Recorded<ImagingBenchResult>): string {
  const rows = r.prepare
    .map(
      (p) =>
        `| ${p.detail} | ${p.width}×${p.height} | ${(p.bytes / 1024).toFixed(0)} KB | ${p.tokens} | ${ms(p.ms.p50)} | ${ms(p.ms.p95)} |`
    )
    .join('\n');
  return `## Image preparation and the capture guard (\`bench/imaging.ts\`)

A generated ${r.source.width}×${r.source.height} app screen (PNG, ${(r.source.pngBytes / 1024).toFixed(0)} KB) through \`prepareImage\` (decode, orient, resize, strip metadata, JPEG), ${r.runs} runs each.

| detail | sent | bytes | tokens | p50 | p95 |
|---|---|---|---|---|---|
${rows}

Capture guard on a 1920×1080 capture: PNG p50 ${ms(r.guard.pngMs.p50)}, JPEG p50 ${ms(r.guard.jpegMs.p50)}.
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function describeSection({ measuredAt, machine, result: r }: Recorded<DescribeBenchResult>): string {
  const row = (what: string, s: Summary) => `| ${what} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} |`;
  return `## Describe the screen (\`bench/describe.ts\`)

The whole web-host path in headless Chromium: "Describe screen" pressed → capture of a ${r.screen.width}×${r.screen.height} screen (the page's screen capture returns a known picture at once; a real picker or desktopCapturer adds its own time) → downscale and JPEG in the page → WebSocket → core's capture guard and image preparation → streaming request to the fake service. The added latency compares the first answer delta in the page with a raw client's wait for the same service's first delta, in the same run.

The desktop app's own path is measured too, in-process: the host captures the screen already scaled to the size that is sent (desktopCapturer scales its thumbnail; here a stand-in hands over a ready frame), then core's guard, preparation and request. Electron itself cannot run on this machine.

| measure | n | p50 | p95 | p99 |
|---|---|---|---|---|
${row('desktop path: press → request at the service', r.hostCapture.pressToRequestMs)}
${row('desktop path: Lumen-added latency to the first delta in core', r.hostCapture.addedToFirstDeltaMs)}
${row(`desktop path, ${r.chatModelBaseline.model} chosen instead: press → request`, r.chatModelBaseline.pressToRequestMs)}
${row('desktop path, a catalogue refresh forced just before each press: press → request', r.catalogue.withRefreshMs)}
${row('desktop path, the presses in between (no refresh): press → request', r.catalogue.withoutRefreshMs)}
${row('web host: press → request at the service', r.pressToRequestMs)}
${row('web host: Lumen-added latency to the first delta in the page', r.addedToFirstDeltaMs)}

Added latency near zero (even slightly negative, since the raw client's time also covers uploading the request) means Lumen adds nothing measurable between the service's first words and the page.

Describes go to ${r.request.model} (${r.request.reasoningEffort ? `reasoning effort ${r.request.reasoningEffort}, ` : ''}\`${r.request.tokenParam}\`${r.request.temperature ? ', temperature' : ', no temperature'}); with ${r.chatModelBaseline.model} chosen in Settings (\`max_tokens\` and temperature, no reasoning), measured in the same run, the desktop path's press → request median is ${ms(r.chatModelBaseline.pressToRequestMs.p50)}, ${Math.abs(r.chatModelBaseline.differenceMs)} ms ${r.chatModelBaseline.differenceMs > 0 ? 'faster' : r.chatModelBaseline.differenceMs < 0 ? 'slower' : 'apart'}${r.chatModelBaseline.differenceMs === 0 ? '' : ` than with ${r.request.model}`}.
Desktop path: press → request median **${ms(r.hostCapture.pressToRequestMs.p50)}** (target ≤ 150 ms — **${r.hostCapture.pressToRequestMs.p50 <= 150 ? 'met' : 'NOT met'}**), added latency p95 **${ms(r.hostCapture.addedToFirstDeltaMs.p95)}** (target ≤ 20 ms — **${r.hostCapture.addedToFirstDeltaMs.p95 <= 20 ? 'met' : 'NOT met'}**). Web host: press → request median **${ms(r.pressToRequestMs.p50)}** (**${r.pressToRequestMs.p50 <= 150 ? 'met' : 'NOT met'}**), added latency p95 **${ms(r.addedToFirstDeltaMs.p95)}** (**${r.addedToFirstDeltaMs.p95 <= 20 ? 'met' : 'NOT met'}**); headless Chromium decodes and scales the 4K capture in software, which dominates its number.
The model catalogue stays off the way to an answer: the service's log holds ${r.catalogue.modelListsTotal} GET \`/v1/models\` requests (from ${r.catalogue.starts} starts of Lumen and ${r.catalogue.refreshes} forced refreshes), and by their timestamps **${r.catalogue.modelListsBetweenPressAndRequest}** of them came between a press and its chat request, over all ${r.catalogue.presses} presses of this section, warm-ups included (target 0 — **${r.catalogue.modelListsBetweenPressAndRequest === 0 ? 'met' : 'NOT met'}**). With a refresh ("Check connection") forced and finished just before each press, the desktop path's press → request median is **${ms(r.catalogue.withRefreshMs.p50)}**, against **${ms(r.catalogue.withoutRefreshMs.p50)}** for the presses in between without one (n = ${r.catalogue.withRefreshMs.n} each, interleaved in one core): a difference of **${r.catalogue.differenceMs} ms**, next to p95s of ${ms(r.catalogue.withRefreshMs.p95)} and ${ms(r.catalogue.withoutRefreshMs.p95)}.
Privacy shield (on by default), measured on a screen whose every line changes between presses (nothing can be remembered): the desktop path's press → request median is **${ms(r.shielded.pressToRequestMs.p50)}** with it (n = ${r.shielded.pressToRequestMs.n}), so reading the picture's text (${r.shielded.linesRead} lines) and blacking out what it finds adds **${r.shielded.addedMs} ms** (target ≤ 300 ms — **${r.shielded.addedMs <= 300 ? 'met' : 'NOT met'}**). The same screen described again (its text remembered by its pixels, in memory only, and not read again) adds **${r.shielded.addedAgainMs} ms** (press → request median ${ms(r.shielded.againPressToRequestMs.p50)}). The measures above are taken with the shield off.
Each describe sends a ${r.sent.width}×${r.sent.height} JPEG costing **${r.sent.tokens} image tokens** (target ≤ 800 — **${r.sent.tokens <= 800 ? 'met' : 'NOT met'}**); the whole request is ${(r.sent.requestBytes / 1024).toFixed(0)} KB.
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, headless Chromium.
`;
}

function ocrSection({ measuredAt, machine, result: r }: Recorded<OcrBenchResult>): string {
  const m = r.memory;
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  return `## Offline text reading (\`bench/ocr.ts\`)

Tesseract (WebAssembly, English data from the \`@tesseract.js-data/eng\` package, no network) on ${r.workers} warm workers: a page is cut into horizontal bands at blank rows between lines, one per worker, read in parallel and ordered as one page. Pieces of pages read lately are remembered by their pixels (in memory only); the first two rows read from scratch every time. Starting the workers and loading English took ${r.warmUpMs} ms once. The baseline, measured in the same run with its reads alternating with Lumen's, is the same engine with one worker reading the page whole.

| measure | n | p50 | p95 |
|---|---|---|---|
| read a generated 1920×1080 app screen (${r.linesFound} lines found), ${r.workers} workers | ${r.screen1080Ms.n} | ${ms(r.screen1080Ms.p50)} | ${ms(r.screen1080Ms.p95)} |
| baseline: the same screen, one worker | ${r.screen1080OneWorkerMs.n} | ${ms(r.screen1080OneWorkerMs.p50)} | ${ms(r.screen1080OneWorkerMs.p95)} |
| the same screen read again (its pieces remembered, none read) | ${r.screen1080AgainMs.n} | ${ms(r.screen1080AgainMs.p50)} | ${ms(r.screen1080AgainMs.p95)} |
| the screen with one line changed (only that piece read) | ${r.screen1080OneLineChangedMs.n} | ${ms(r.screen1080OneLineChangedMs.p50)} | ${ms(r.screen1080OneLineChangedMs.p95)} |

Median **${ms(r.screen1080Ms.p50)}** (target ≤ 1.5 s — **${r.screen1080Ms.p50 <= 1500 ? 'met' : 'NOT met'}**), ${(r.screen1080OneWorkerMs.p50 / r.screen1080Ms.p50).toFixed(2)}× faster than one worker. Character error rate on that screen: ${pct(r.characterErrorRate.measured)} (one worker: ${pct(r.characterErrorRate.oneWorker)}). The machine's load average was ${r.loadAverage.before} before the timed reads and ${r.loadAverage.after} after (2 cores; other work shares them, and with both busy the two workers cannot run at once).
Memory over repeated reads of ${m.image}: RSS ${m.afterEarlyMb.rss} MB after 10 reads, ${m.afterLateMb.rss} MB after 200 (ratio **${m.rssRatio}**, target ≤ 1.10 — **${m.rssRatio <= 1.1 ? 'met' : 'NOT met'}**); workers' heap ${m.afterEarlyMb.workerHeap} → ${m.afterLateMb.workerHeap} MB.
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function conversationSection({ measuredAt, machine, result: r }: Recorded<ConversationBenchResult>): string {
  const row = (what: string, s: Summary) => `| ${what} | ${s.n} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} |`;
  return `## Voice conversation (\`bench/conversation.ts\`)

Core's whole conversation path in-process, against the fake Realtime service (reply ${r.timing.realtimeResponseDelayMs} ms after the end of speech): the real recorded question goes in through the \`conversation.mic\` stream in 40 ms chunks, and reply audio and stops come out on the \`speech.audio\` stream to the window. Times are taken where messages leave and arrive on the WebSocket. Between core and the window's AudioWorklet come the web host's stream hop (a 1920-byte chunk: p99 in the IPC table above) and the worklet's own start and stop (the speech table above: stop → silence at the worklet).

| measure | n | p50 | p95 | p99 |
|---|---|---|---|---|
${row('microphone chunk → sent on the socket, inside core', r.micChunkToSendMs)}
${row('reply audio delta on the socket → handed to the window', r.replyDeltaToPlayerMs)}
${row('speech_started on the socket → stop handed to the window', r.speechStartedToStopMs)}
${row('Lumen-added per turn: end of speech → first reply audio to the window, minus the service delay', r.addedPerTurnMs)}
${row('whole path in Chromium: end of speech → first reply sample played by the worklet, minus the service delay', r.browser.addedPerTurnMs)}

Mic chunk → send p95 **${ms(r.micChunkToSendMs.p95)}** (target ≤ 5 ms — **${verdict(r.micChunkToSendMs.p95 <= 5)}**); reply delta → window p95 **${ms(r.replyDeltaToPlayerMs.p95)}** (target ≤ 20 ms to the worklet — **${verdict(r.replyDeltaToPlayerMs.p95 <= 20)}**); speech_started → stop p95 **${ms(r.speechStartedToStopMs.p95)}** (target ≤ 50 ms to silence — **${verdict(r.speechStartedToStopMs.p95 <= 50)}**); added per turn, whole path to the first sample played, median **${ms(r.browser.addedPerTurnMs.p50)}** (target ≤ 60 ms — **${verdict(r.browser.addedPerTurnMs.p50 <= 60)}**; in core alone ${ms(r.addedPerTurnMs.p50)}).

The whole-path line runs the web host in headless Chromium whose fake microphone plays the recorded question ${r.browser.addedPerTurnMs.n + 1} times (the first turn warms up); the service streams reply audio at ${r.browser.realtimeAudioRealtimeFactor === 1 ? 'real time' : 'full speed'}, so the player's 60 ms jitter buffer is part of what is measured. Times compare the service's send (this process) with the page's report of its first played sample, on one machine's clock.
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function documentSection({ measuredAt, machine, result: r }: Recorded<DocumentBenchResult>): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const best = r.stepLabels.indexOf('+ text enlarged (default)');
  const rows = r.conditions.map((c) => {
    const bound = c.flatLit ? 0.02 : 0.03;
    const final = c.after[best]!;
    return `| ${c.name} | ${pct(c.before)} | ${c.after.map(pct).join(' | ')} | ${pct(bound)}: **${verdict(final <= bound)}** |`;
  });
  return `## Reading a photographed page (\`bench/document.ts\`)

A letter of known text photographed on a dark table (${r.frame}), generated at run time (\`tests/unit/core/document/pages.ts\`), read offline by the text reader. Each column adds one preparation step (\`src/core/document/prepare-page.ts\`) to those on its left; "as photographed" is the frame handed to the text reader unprepared. Character error rate (Levenshtein distance over the letter's length).

| condition | as photographed | ${r.stepLabels.join(' | ')} | bound (default steps) |
|---|---|${r.stepLabels.map(() => '---|').join('')}---|
${rows.join('\n')}

Preparing a frame with the default steps: median ${ms(r.prepareMs.p50)}, p95 ${ms(r.prepareMs.p95)} (n = ${r.prepareMs.n}), before the text reader's own time.

Pages not the right way up (\`src/core/document/orientation.ts\`, \`read-page.ts\`): a page on its side is turned a quarter by its ink's profile while it is prepared; one still upside down is read with doubtful confidence, read again turned half round, and the surer reading kept. On its side the page is shown smaller (12 pt about 12.6 px high) to fit the frame.

| condition | as photographed | prepared | read upright (default) | turned | bound | read in |
|---|---|---|---|---|---|---|
${r.turned.map((t) => `| ${t.name} | ${pct(t.before)} | ${pct(t.prepared)} | ${pct(t.upright)} | ${t.turn}° | 3.0 %: **${verdict(t.upright <= 0.03)}** | ${ms(t.readMs)} |`).join('\n')}

What it costs an upright page: ${r.uprightReadings.toFixed(2)} text readings a page (never a second one), and the check for a page on its side ${ms(r.sidewaysCheckMs.p50)} at the median (p95 ${ms(r.sidewaysCheckMs.p95)}; timed on the prepared page, larger than the one it runs on before the text is enlarged, so an upper bound), ${pct(r.sidewaysCheckMs.p50 / r.uprightReadMs.p50)} of reading an upright page (prepared and read: median ${ms(r.uprightReadMs.p50)}, p95 ${ms(r.uprightReadMs.p95)}, n = ${r.uprightReadMs.n}).
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function guideSection({ measuredAt, machine, result: r }: Recorded<GuideBenchResult>): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  return `## Reading with the camera (\`bench/guide.ts\`)

The guidance loop (\`src/core/document/page-guide.ts\`) on ${r.frame}. Looking at one frame (decoding it, finding the page at 480 pixels across, the capture guard's sharpness, movement against the frame before) costs ${ms(r.lookCpuMs.p50)} of CPU at the median, p95 ${ms(r.lookCpuMs.p95)} (n = ${r.lookCpuMs.n}; the whole process's CPU, libvips' threads included): at 4 frames a second **${pct(r.cpuShareAt4fps)}** of one core (goal at most 20 % — **${verdict(r.cpuShareAt4fps <= 0.2)}**).

From the camera frame that completes the settling (the page taken) to the letter's first line handed to speech, through core's \`document.frame\` with the text reader warm (the page prepared: flattened, its light evened, enlarged; then read): median ${ms(r.takenToFirstLineMs.p50)}, p95 ${ms(r.takenToFirstLineMs.p95)} (n = ${r.takenToFirstLineMs.n}; goal at most 1.5 s — **${verdict(r.takenToFirstLineMs.p95 <= 1500)}**). The page's own part (drawing and encoding the frame, the socket) is not in it. Load average ${r.loadAverage.before} before, ${r.loadAverage.after} after (2 cores, shared).
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

function liveSection({ measuredAt, machine, result: r }: Recorded<LiveBenchResult>): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const s = (x: number) => `${(x / 1000).toFixed(2)} s`;
  const run = (x: LiveBenchResult['runs'][number]) =>
    `| ${x.fps} | ${x.shield} | ${x.framesLookedAt} | ${x.picturesSent} (${pct(x.notSentShare)} not sent) | ${pct(x.cpuShareOfCore)} | ${s(x.changeToRemarkMs.p50)} / ${s(x.changeToRemarkMs.p95)} | ${s(x.changeToDecisionMs.p50)} | ${s(x.decisionToRemarkMs.p50)} / ${s(x.decisionToRemarkMs.p95)} |`;
  const look = (x: LiveBenchResult['looking'][number]) =>
    `| ${x.what} | ${x.fps} | ${ms(x.msPerFrame.p50)} | ${ms(x.msPerFrame.p95)} | ${pct(x.cpuShareOfCore)} |`;
  const page = (x: LiveBenchResult['page'][number]) =>
    `| ${x.what} | ${x.fps} | ${x.framesPerSecond} | ${pct(x.idleMainThreadShare)} | ${pct(x.mainThreadShare)} | **${pct(x.addedByLive)}** |`;
  const defaults = r.runs.find((x) => x.fps === 2 && x.shield === 'on')!;
  const worst = Math.max(...r.runs.map((x) => x.changeToRemarkMs.p95));
  const fourK = r.looking.filter((x) => x.what.startsWith('4K'));
  const worker4k = r.page.find((x) => x.what.startsWith('4K') && !x.what.includes('on the page'));
  const onPage4k = r.page.find((x) => x.what.includes('on the page'));
  return `## Live description (\`bench/live.ts\`)

The generated minute of camera (\`tests/clips/live-clip.ts\`: ${r.clip.width}×${r.clip.height}, ${r.clip.fps} frames a second, ${r.clip.changes} scripted changes among sensor noise and drifting light) played through core in real time, one run per line: each frame as the window sends it (a ${r.sentFrame.width}×${r.sentFrame.height} JPEG), dropped while the one before is still being looked at, against the fake service (which answers at once, in this process). CPU is the whole process's (core, the text-reading threads, the fake) over the minute, as a share of one core. Latency is from the change in the clip to the remark handed to speech: all of it is Lumen's, since the fake answers at once; the window's own part (drawing the frame, encoding it, the socket) is not in it (the browser test \`tests/e2e/live-clip.spec.ts\` checks the whole path, shield off, within 1.5 s).

| frames a second | privacy shield | frames looked at | pictures sent | CPU, share of one core | change → remark p50 / p95 | of which change → decision p50 | decision → remark p50 / p95 |
|---|---|---|---|---|---|---|---|
${r.runs.map(run).join('\n')}

Looking alone (the grey copy and the detector; nothing sent), the clip's frames as fast as they go, CPU over the clip's minute:

| frames | frames a second | per frame p50 | p95 | CPU, share of one core |
|---|---|---|---|---|
${r.looking.map(look).join('\n')}

The window's side, in headless Chromium (software drawing, no GPU) with the web host: the page's main thread's busy share (Chromium's TaskDuration; the camera's own decoding runs elsewhere, and so do the frame worker's scaling and encoding) over ${r.page[0]?.seconds ?? 0} s with live off, then as long with live on after the first view was described:

| camera | frames a second asked | frames given to core each second | main thread busy, live off | live on | added by live |
|---|---|---|---|---|---|
${r.page.map(page).join('\n')}

The page's main thread with live off was about 42 % busy (2026-12-03, before) until the window stopped asking core for its settings again after each answer (a render loop); live off, it is now ${pct(r.page[0]?.idleMainThreadShare ?? 0)}.

Live at the settings' defaults (2 frames a second, shield on): **${pct(defaults.cpuShareOfCore)}** of one core (goal under 15 % — **${verdict(defaults.cpuShareOfCore < 0.15)}**). 4K at 4 frames a second: ${fourK.map((x) => `${x.what}: ${pct(x.cpuShareOfCore)}`).join('; ')} (goal under 15 % — **${verdict(fourK.every((x) => x.cpuShareOfCore < 0.15))}**); live adds ${pct(worker4k?.addedByLive ?? 0)} to the page's main thread with a 4K camera (under 15 % — **${verdict((worker4k?.addedByLive ?? 1) < 0.15)}**), the camera's frames scaled and encoded in a worker (MediaStreamTrackProcessor, OffscreenCanvas); drawn on the page as before (browsers without MediaStreamTrackProcessor), ${pct(onPage4k?.addedByLive ?? 0)}. That is the worst case: Chromium's fake camera has one format, so its 4K frames reach the page whole; a real camera asked for 640 pixels delivers a small format of its own. Change → remark p95, worst of the runs: **${s(worst)}** (goal 1.5 s — **${verdict(worst <= 1500)}**). Load average ${r.loadAverage.before} before, ${r.loadAverage.after} after (2 cores, shared).
Measured ${measuredAt} on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}.
`;
}

const SECTIONS: Record<string, (entry: any) => string> = {
  'ipc-roundtrip': ipcSection,
  chunker: chunkerSection,
  speech: speechSection,
  soak: soakSection,
  imaging: imagingSection,
  describe: describeSection,
  ocr: ocrSection,
  'first-press': firstPressSection,
  conversation: conversationSection,
  watch: watchSection,
  document: documentSection,
  guide: guideSection,
  live: liveSection
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
