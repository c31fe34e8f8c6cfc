import { z } from 'zod';
import { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS, type ShortcutAction } from './shortcuts';

export { DEFAULT_SHORTCUTS, SHORTCUT_ACTIONS, SHORTCUT_LABELS, type ShortcutAction } from './shortcuts';

/** An empty string means "use OPENAI_BASE_URL or the service's own address". */
const endpointSchema = z
  .string()
  .trim()
  .max(2048)
  .refine((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), {
    message: 'The endpoint must start with http:// or https://'
  });

export const SETTINGS_VERSION = 1;

export const settingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  endpoint: endpointSchema,
  shortcuts: z.record(z.enum(SHORTCUT_ACTIONS), z.string().max(100)),
  ui: z.object({
    /** Where status messages are announced: the polite live region, or also spoken aloud later. */
    announceStatus: z.boolean()
  })
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  endpoint: '',
  shortcuts: { ...DEFAULT_SHORTCUTS },
  ui: { announceStatus: true }
};

/** What the renderer may change in one call: any subset, validated field by field. */
export const settingsPatchSchema = z
  .object({
    endpoint: endpointSchema,
    shortcuts: z.partialRecord(z.enum(SHORTCUT_ACTIONS), z.string().max(100)),
    ui: z.object({ announceStatus: z.boolean() }).partial().strict()
  })
  .partial()
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  return settingsSchema.parse({
    ...current,
    ...(patch.endpoint !== undefined ? { endpoint: patch.endpoint } : {}),
    shortcuts: { ...current.shortcuts, ...patch.shortcuts },
    ui: { ...current.ui, ...patch.ui }
  });
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * migrations[n] turns a version-n document into version n+1. Version 0 is the unversioned
 * layout of early builds, which called the endpoint `baseUrl`.
 */
const migrations: Record<number, Migration> = {
  0: ({ baseUrl, ...rest }) => ({ ...rest, endpoint: rest.endpoint ?? baseUrl ?? '', version: 1 })
};

export interface LoadedSettings {
  settings: Settings;
  /** Fields that were unreadable and were reset to their defaults; the user is told. */
  reset: string[];
}

/**
 * Reads whatever was stored: migrates old versions, keeps every valid field and resets only the
 * invalid ones, so one bad value never throws away the user's other choices.
 */
export function loadSettings(stored: unknown): LoadedSettings {
  if (stored === undefined || stored === null) return { settings: structuredClone(DEFAULT_SETTINGS), reset: [] };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    return { settings: structuredClone(DEFAULT_SETTINGS), reset: ['all settings'] };
  }
  let doc = { ...(stored as Record<string, unknown>) };
  let version = typeof doc.version === 'number' ? doc.version : 0;
  if (version > SETTINGS_VERSION) {
    return { settings: structuredClone(DEFAULT_SETTINGS), reset: ['all settings (saved by a newer Lumen)'] };
  }
  while (version < SETTINGS_VERSION) {
    const step = migrations[version];
    if (!step) break;
    doc = step(doc);
    version += 1;
  }
  const reset: string[] = [];
  const settings = structuredClone(DEFAULT_SETTINGS);
  const endpoint = endpointSchema.safeParse(doc.endpoint);
  if (endpoint.success) settings.endpoint = endpoint.data;
  else if (doc.endpoint !== undefined) reset.push('endpoint');
  if (doc.shortcuts && typeof doc.shortcuts === 'object') {
    for (const [action, accel] of Object.entries(doc.shortcuts as Record<string, unknown>)) {
      if (
        (SHORTCUT_ACTIONS as readonly string[]).includes(action) &&
        typeof accel === 'string' &&
        accel.length <= 100
      ) {
        settings.shortcuts[action as ShortcutAction] = accel;
      } else {
        reset.push(`shortcut ${action}`);
      }
    }
  }
  const ui = doc.ui as Record<string, unknown> | undefined;
  if (ui && typeof ui.announceStatus === 'boolean') settings.ui.announceStatus = ui.announceStatus;
  return { settings, reset };
}
