import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from '../tests/fakes/openai';
import { createCore } from '../src/core/app';
import { prepareImage } from '../src/core/imaging/prepare';
import { OcrEngine } from '../src/core/ocr/engine';
import { createSecretStore, MemoryKeyVault } from '../src/core/secrets';
import { screenSvg } from './imaging';
import { openLumen } from './lumen-in-chromium';
import { summarize, type Summary } from './stats';

const RUNS = 15;
/** Each shielded describe reads the screen's text first, so fewer runs keep the bench short. */
const SHIELDED_RUNS = 9;
/** Presses with a catalogue refresh forced before them, and as many without, interleaved. */
const CATALOGUE_RUNS = 20;
const FIRST_TOKEN_MS = 200;
/** A chat model that takes no reasoning parameters (max_tokens, temperature), for the same path in the same run. */
const BASELINE_MODEL = 'gpt-4o';

export interface DescribeBenchResult {
  name: 'describe';
  runs: number;
  screen: { width: number; height: number };
  /**
   * The desktop app's path, in-process: the host captures the screen already scaled to the size
   * that is sent (as desktopCapturer does), then core's guard, preparation and the request.
   */
  hostCapture: { pressToRequestMs: Summary; addedToFirstDeltaMs: Summary };
  /** What the desktop path's describes were sent as: Lumen's own choice of model and its parameters. */
  request: { model: string; reasoningEffort: string | null; tokenParam: string; temperature: boolean };
  /** The desktop path with a chat model without reasoning parameters chosen instead, in the same run. */
  chatModelBaseline: { model: string; pressToRequestMs: Summary; differenceMs: number };
  /**
   * The model catalogue stays off the way to an answer: GET /v1/models requests between a press and
   * its chat request (every press of every path, warm-ups included), and the desktop path's
   * press → request with a refresh forced and finished just before each press vs without,
   * interleaved in one core.
   */
  catalogue: {
    presses: number;
    modelListsBetweenPressAndRequest: number;
    /** Every GET /v1/models the service answered during the bench (start-ups and forced refreshes). */
    modelListsTotal: number;
    /** How often Lumen started during the bench (each asks for the list once at start-up). */
    starts: number;
    refreshes: number;
    withRefreshMs: Summary;
    withoutRefreshMs: Summary;
    differenceMs: number;
  };
  /**
   * The same desktop path with the privacy shield on (the default): offline text reading of the
   * picture and blacking out what it finds, before the request. Its cost is the difference in medians.
   */
  shielded: {
    pressToRequestMs: Summary;
    linesRead: number;
    /** A new screen at every press: everything is read. */
    addedMs: number;
    /** The same screen described again: its text was read before and is not read again. */
    againPressToRequestMs: Summary;
    addedAgainMs: number;
  };
  /** "Describe screen" pressed → the describe request has arrived at the service. */
  pressToRequestMs: Summary;
  /** Service's first delta → first delta in the page, minus a raw client's wait for the same delta. */
  addedToFirstDeltaMs: Summary;
  sent: { width: number; height: number; tokens: number; requestBytes: number };
}

/**
 * The page's screen capture returns known 4K screens at once (headless Chromium has no real screen):
 * `pngsBase64[i]` at the i-th capture, the last one from then on.
 */
export async function installScreens(page: Page, pngsBase64: string[]) {
  await page.addInitScript((pngs) => {
    // Ready before anyone asks, as a real screen is, and drawn only when captured so the stand-in
    // costs no CPU in between. No named inner functions: tsx would wrap them in a helper the page
    // does not have.
    const screens = pngs.map((png) => {
      const image = new Image();
      image.src = `data:image/png;base64,${png}`;
      const ready = image.decode().then(() => {
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = image.height;
        canvas.getContext('2d')!.drawImage(image, 0, 0);
        return canvas;
      });
      return { image, ready };
    });
    let captures = 0;
    navigator.mediaDevices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      const { image, ready } = screens[Math.min(captures++, screens.length - 1)]!;
      const canvas = await ready;
      const context = canvas.getContext('2d')!;
      const stream = canvas.captureStream(10);
      const track = stream.getVideoTracks()[0]!;
      // Repainted while the capture is read, like a screen that changes now and then; a real
      // capturer works outside the page, so the stand-in stops as soon as the capture is stopped.
      const timer = setInterval(() => {
        if (track.readyState === 'ended') clearInterval(timer);
        else context.drawImage(image, 0, 0);
      }, 100);
      // Real capturers scale as they grab when the page asks for a smaller size; so does this one.
      if (typeof options?.video === 'object') await track.applyConstraints(options.video);
      return stream;
    };
  }, pngsBase64);
}

/**
 * The same request Lumen made, sent raw: its wait for the first delta is the service's own part of
 * the latency (including decoding the picture), measured in the same run.
 */
async function rawFirstDelta(fake: FakeOpenAI, body: unknown): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  // The first chunk carries the role and an empty content; the answer starts at the first text.
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    text += decoder.decode(read.value, { stream: true });
    if (/"content":"[^"]/.test(text)) break;
  }
  const elapsed = performance.now() - start;
  await reader.cancel();
  return elapsed;
}

/** One press of "Describe screen" and what followed it. */
interface Press {
  /** The warm-up press (first JPEG encoder, first connection): checked, not measured. */
  warmUp: boolean;
  /** A catalogue refresh ("Check connection", GET /v1/models) was forced and finished just before it. */
  refreshed: boolean;
  pressToRequest: number;
  added: number;
  /** GET /v1/models requests the service received between the press and its chat request. */
  modelsBetween: number;
  body: unknown;
}

const isModelList = (r: RecordedRequest) => r.method === 'GET' && r.path.startsWith('/v1/models');

/**
 * GET /v1/models requests that reached the service from the press until its chat request, by their
 * timestamps in the service's log; only requests logged after the press began are looked at, so a
 * refresh that finished in the same millisecond before the press is not counted.
 */
function modelListsBetween(fake: FakeOpenAI, from: number, pressedAt: number, request: RecordedRequest): number {
  return fake.requests.slice(from).filter((r) => isModelList(r) && r.at >= pressedAt && r.at <= request.at).length;
}

interface HostPathOptions {
  shield: 'on' | 'off';
  runs?: number;
  /** A describe model chosen in Settings (default: Lumen's own choice). */
  describeModel?: string;
  /** Presses (counted from 0, the warm-up) before which a catalogue refresh is forced and awaited. */
  refreshBefore?: (press: number) => boolean;
}

/** Electron's path without Electron: a stand-in capturer hands core a ready, scaled frame. */
/**
 * `screens[i]` is what the screen shows at press i (the last one from then on). Frames are captured
 * at the asked size once per screen, as a capturer that costs nothing.
 */
async function hostCapturePresses(fake: FakeOpenAI, screens: Buffer[], opts: HostPathOptions): Promise<Press[]> {
  const runs = opts.runs ?? RUNS;
  const frames = new Map<string, Uint8Array>();
  let press = 0;
  const started = fake.requests.length;
  const core = await createCore({
    host: 'electron',
    version: 'bench',
    platform: process.platform,
    secrets: createSecretStore(new MemoryKeyVault(), { OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL }),
    settingsStore: { read: async () => undefined, write: async () => {} },
    env: { OPENAI_BASE_URL: fake.baseURL },
    screen: {
      displays: () => [{ id: '1', name: 'Built-in', primary: true, width: 3840, height: 2160 }],
      async capture(_target, options) {
        const size = options!.fit!(3840, 2160);
        const png = screens[Math.min(press, screens.length - 1)]!;
        const key = `${size.width}x${size.height} ${screens.indexOf(png)}`;
        if (!frames.has(key))
          frames.set(
            key,
            new Uint8Array(await sharp(png).resize(size.width, size.height).jpeg({ quality: 92 }).toBuffer())
          );
        return { image: frames.get(key)!, ...size, name: 'Entire screen' };
      }
    }
  });
  // Lumen has started: its start-up list of models has been asked for.
  await fake.waitFor((r) => fake.requests.indexOf(r) >= started && isModelList(r));
  await core.router.invoke('settings.update', {
    speech: { provider: 'screen-reader', earcons: false },
    privacy: { shield: opts.shield },
    ...(opts.describeModel ? { models: { describe: opts.describeModel } } : {})
  });
  let firstDeltaAt = 0;
  core.subscribe((channel) => {
    if (channel === 'answer.delta' && !firstDeltaAt) firstDeltaAt = Date.now();
  });
  const presses: Press[] = [];
  for (let i = 0; i < runs + 1; i++) {
    press = i;
    const refreshed = opts.refreshBefore?.(i) ?? false;
    if (refreshed) {
      const lists = fake.requests.filter(isModelList).length;
      const checked = (await core.router.invoke('connection.check', {})) as { ok: boolean; value?: { ok: boolean } };
      if (!checked.ok || !checked.value?.ok || fake.requests.filter(isModelList).length !== lists + 1)
        throw new Error('the forced catalogue refresh did not ask the service for its models');
    }
    const before = fake.requests.length;
    firstDeltaAt = 0;
    const pressedAt = Date.now();
    await core.router.invoke('describe.capture', { target: 'screen' });
    const request = await fake.waitFor((r) => fake.requests.indexOf(r) >= before && r.path === '/v1/chat/completions');
    while (!firstDeltaAt) await new Promise((r) => setTimeout(r, 1));
    core.assistant.stop();
    const raw = await rawFirstDelta(fake, request.body);
    // A person does not press describe again within milliseconds: let the last one settle.
    await new Promise((r) => setTimeout(r, 300));
    presses.push({
      warmUp: i === 0,
      refreshed,
      pressToRequest: request.at - pressedAt,
      added: firstDeltaAt - request.at - raw,
      modelsBetween: modelListsBetween(fake, before, pressedAt, request),
      body: request.body
    });
  }
  return presses;
}

const measured = (presses: Press[], which: (p: Press) => boolean = () => true) =>
  presses.filter((p) => !p.warmUp && which(p));

function pathSummary(presses: Press[]) {
  return {
    pressToRequestMs: summarize(measured(presses).map((p) => p.pressToRequest)),
    addedToFirstDeltaMs: summarize(measured(presses).map((p) => p.added))
  };
}

/** The bench's 4K app screen; each variant shows other invoice numbers on every line. */
export const screenPng = (variant = 0) =>
  sharp(screenSvg(3840, 2160, variant))
    .flatten({ background: '#fbfbfb' })
    .png()
    .toBuffer();

export async function benchDescribe(): Promise<DescribeBenchResult> {
  const fake = await startFakeOpenAI({ timing: { chatFirstTokenMs: FIRST_TOKEN_MS } });
  const png = await screenPng();
  // The measure is the path without the shield; the shield's own cost is measured next to it,
  // on a screen that changes between presses (every line reads differently: nothing is remembered),
  // and on the same screen described again (what was read before is not read again).
  const hostPresses = await hostCapturePresses(fake, [png], { shield: 'off' });
  const hostCapture = pathSummary(hostPresses);
  // The model catalogue: a refresh ("Check connection") forced and finished just before every other
  // press, the presses in between without, in one core so both halves share the machine's moments.
  const cataloguePresses = await hostCapturePresses(fake, [png], {
    shield: 'off',
    runs: 2 * CATALOGUE_RUNS,
    refreshBefore: (i) => i % 2 === 1
  });
  // The same path with a chat model that takes no reasoning parameters, chosen in Settings.
  const baselinePresses = await hostCapturePresses(fake, [png], { shield: 'off', describeModel: BASELINE_MODEL });
  const changing = await Promise.all(Array.from({ length: SHIELDED_RUNS + 1 }, (_, i) => screenPng(i + 1)));
  const shieldedPresses = await hostCapturePresses(fake, changing, { shield: 'on', runs: SHIELDED_RUNS });
  const againPresses = await hostCapturePresses(fake, [png], { shield: 'on', runs: SHIELDED_RUNS });
  const shieldedRun = pathSummary(shieldedPresses);
  const againRun = pathSummary(againPresses);
  const engine = new OcrEngine();
  const linesRead = (await engine.recognize((await prepareImage(png)).jpeg)).lines.length;
  await engine.terminate();
  const shielded = {
    pressToRequestMs: shieldedRun.pressToRequestMs,
    linesRead,
    addedMs: Math.round(shieldedRun.pressToRequestMs.p50 - hostCapture.pressToRequestMs.p50),
    againPressToRequestMs: againRun.pressToRequestMs,
    addedAgainMs: Math.round(againRun.pressToRequestMs.p50 - hostCapture.pressToRequestMs.p50)
  };
  const sentBody = hostPresses.at(-1)!.body as Record<string, unknown>;
  const request = {
    model: String(sentBody.model),
    reasoningEffort: typeof sentBody.reasoning_effort === 'string' ? sentBody.reasoning_effort : null,
    tokenParam: 'max_completion_tokens' in sentBody ? 'max_completion_tokens' : 'max_tokens',
    temperature: 'temperature' in sentBody
  };
  const baselineBody = baselinePresses.at(-1)!.body as Record<string, unknown>;
  if (baselineBody.model !== BASELINE_MODEL) throw new Error(`the baseline describes went to ${baselineBody.model}`);
  const baseline = pathSummary(baselinePresses).pressToRequestMs;
  const chatModelBaseline = {
    model: BASELINE_MODEL,
    pressToRequestMs: baseline,
    differenceMs: Math.round(hostCapture.pressToRequestMs.p50 - baseline.p50)
  };
  const withRefresh = summarize(measured(cataloguePresses, (p) => p.refreshed).map((p) => p.pressToRequest));
  const withoutRefresh = summarize(measured(cataloguePresses, (p) => !p.refreshed).map((p) => p.pressToRequest));
  const desktopRuns = [hostPresses, cataloguePresses, baselinePresses, shieldedPresses, againPresses];
  const desktopPresses = desktopRuns.flat();
  const hostStarted = fake.requests.length;
  const { page, close } = await openLumen(fake, (p) => installScreens(p, [png.toString('base64')]));
  try {
    await fake.waitFor((r) => fake.requests.indexOf(r) >= hostStarted && isModelList(r));
    await page.evaluate(() =>
      window.lumen.settings.update({
        speech: { provider: 'screen-reader', earcons: false },
        privacy: { shield: 'off' }
      })
    );
    const press: number[] = [];
    const added: number[] = [];
    let webModelLists = 0;
    for (let i = 0; i < RUNS + 1; i++) {
      const before = fake.requests.length;
      await page.evaluate(() => {
        const w = window as unknown as { firstDeltaAt?: number; off?: () => void };
        w.firstDeltaAt = undefined;
        w.off?.();
        w.off = window.lumen.on('answer.delta', () => (w.firstDeltaAt ??= Date.now()));
      });
      const pressedAt = Date.now();
      await page.getByRole('button', { name: 'Describe screen' }).click();
      const isNew = (r: (typeof fake.requests)[number]) =>
        fake.requests.indexOf(r) >= before && r.path === '/v1/chat/completions';
      const request = await fake.waitFor(isNew, 15_000).catch(async (error: Error) => {
        const log = await page
          .getByTestId('status-log')
          .textContent()
          .catch(() => '');
        throw new Error(`${error.message}; the page said: ${log}`);
      });
      await page.waitForFunction(() => (window as unknown as { firstDeltaAt?: number }).firstDeltaAt !== undefined);
      const firstDeltaAt = await page.evaluate(() => (window as unknown as { firstDeltaAt: number }).firstDeltaAt);
      await page.evaluate(() => window.lumen.assistant.stop());
      const raw = await rawFirstDelta(fake, request.body);
      await new Promise((r) => setTimeout(r, 300));
      webModelLists += modelListsBetween(fake, before, pressedAt, request);
      if (i === 0) continue; // warm-up: first JPEG encoder, first connection
      press.push(request.at - pressedAt);
      added.push(firstDeltaAt - request.at - raw);
    }
    const last = fake.requests.filter((r) => JSON.stringify(r.body ?? '').includes('image_url')).at(-1)!;
    const image = JSON.stringify(last.body).match(/data:image\/jpeg;base64,([A-Za-z0-9+/=]+)/)![1]!;
    const meta = await sharp(Buffer.from(image, 'base64')).metadata();
    const tiles = Math.ceil(meta.width! / 512) * Math.ceil(meta.height! / 512);
    return {
      name: 'describe',
      runs: RUNS,
      screen: { width: 3840, height: 2160 },
      hostCapture,
      request,
      chatModelBaseline,
      catalogue: {
        presses: desktopPresses.length + RUNS + 1,
        modelListsBetweenPressAndRequest: desktopPresses.reduce((n, p) => n + p.modelsBetween, 0) + webModelLists,
        modelListsTotal: fake.requests.filter(isModelList).length,
        // Each desktop run starts its own core; then the web host starts.
        starts: desktopRuns.length + 1,
        refreshes: cataloguePresses.filter((p) => p.refreshed).length,
        withRefreshMs: withRefresh,
        withoutRefreshMs: withoutRefresh,
        differenceMs: Math.round(withRefresh.p50 - withoutRefresh.p50)
      },
      shielded,
      pressToRequestMs: summarize(press),
      addedToFirstDeltaMs: summarize(added),
      sent: {
        width: meta.width!,
        height: meta.height!,
        tokens: 85 + 170 * tiles,
        requestBytes: JSON.stringify(last.body).length
      }
    };
  } finally {
    await close();
    await fake.close();
  }
}
