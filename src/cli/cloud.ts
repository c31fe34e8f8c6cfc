import type { Detail } from '../core/imaging/prepare';
import { OcrEngine } from '../core/ocr/engine';
import { silentLogger } from '../core/ports';
import { shieldImage } from '../core/privacy';
import { Budget } from '../core/usage/budget';
import { preparePicture, type Picture } from '../core/vision/picture';
import { ModelService } from '../core/models/model-service';
import { resolveEndpoint } from '../core/openai/endpoint';
import { applySettingsPatch, type Settings } from '../shared/settings';
import type { CliContext, CliIo } from './context';

/**
 * The app's road to the cloud for a picture, on the command line too: capture guard (optional),
 * preparation, and the privacy shield as set in the app. Unusable images throw a LumenError.
 */
export async function pictureForCloud(
  image: Uint8Array,
  settings: Settings,
  options: { detail: Detail; guard: boolean; insist?: boolean }
): Promise<Picture> {
  const ocr = new OcrEngine();
  try {
    return await preparePicture(
      { image, insist: options.insist },
      {
        privacy: settings.privacy,
        detail: options.detail,
        shield: async (jpeg) => shieldImage(jpeg, await ocr.recognize(jpeg, { lang: settings.reading.language })),
        guard: options.guard
      }
    );
  } finally {
    await ocr.terminate();
  }
}

/** The app says "ask again"; here that is the --insist flag. */
export const withInsist = (message: string) =>
  message.replace(/\b(a)sk again\b/i, (_, a: string) => `${a === 'A' ? 'A' : 'a'}dd --insist`);

export const NO_KEY = 'No API key is set. Set OPENAI_API_KEY, or enter a key in the Lumen app’s settings.';

/**
 * Why no key goes to `endpoint`: a key Lumen holds is for another endpoint (or the endpoint is not
 * safe to send one to), or there is none.
 */
export async function whyNoKey(secrets: CliContext['secrets'], endpoint: string): Promise<string> {
  const status = await secrets.status(endpoint).catch(() => undefined);
  return status?.withheld ?? NO_KEY;
}

/**
 * The endpoint, its key and this month's spending (shared with the app), when the cloud may be used;
 * otherwise undefined, after saying why (no key for the endpoint, or the monthly limit reached).
 */
export async function cloudAccess(
  { env, records, settings, secrets }: CliContext,
  io: CliIo
): Promise<{ endpoint: string; key: string; budget: Budget } | undefined> {
  const endpoint = resolveEndpoint(settings.endpoint, env);
  const key = await secrets.getKey(endpoint).catch(() => undefined);
  if (!key) {
    io.err(await whyNoKey(secrets, endpoint));
    return undefined;
  }
  const budget = await Budget.open(records, () => settings.budget.monthlyLimitUsd, silentLogger);
  const refusal = budget.refusal();
  if (refusal) {
    io.err(refusal);
    return undefined;
  }
  return { endpoint, key, budget };
}

/**
 * The app's knowledge of models, on the command line: the list of models the app saved (or Lumen's
 * own), what it learned from the service, and a retired model's successor written to the settings.
 * Sentences the app would say are written to stderr.
 */
export function openModels(context: CliContext, io: CliIo): Promise<ModelService> {
  let settings = context.settings;
  return ModelService.open({
    records: context.records,
    settings: () => settings,
    updateSettings: async (patch) => {
      settings = applySettingsPatch(settings, patch);
      await context.settingsStore.write(settings);
    },
    endpoint: () => resolveEndpoint(settings.endpoint, context.env),
    key: (endpoint) => context.secrets.getKey(endpoint),
    say: (text) => io.err(text),
    fetchImpl: io.fetchImpl
  });
}
