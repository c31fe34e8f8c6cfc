import type { ShortcutReport, StatusMessage } from '../shared/contract';
import type { Settings } from '../shared/settings';
import { checkConnection } from './openai/connection';
import { resolveEndpoint } from './openai/endpoint';
import {
  silentLogger,
  type Environment,
  type Logger,
  type SecretStore,
  type SettingsStore,
  type ShortcutPort
} from './ports';
import { Router } from './router';
import { SettingsService } from './settings/settings-service';

export interface CoreDeps {
  host: 'electron' | 'web' | 'cli';
  version: string;
  platform: string;
  secrets: SecretStore;
  settingsStore: SettingsStore;
  env: Environment;
  /** Absent where global hotkeys do not exist (web host, CLI). */
  shortcuts?: ShortcutPort;
  logger?: Logger;
  fetchImpl?: typeof fetch;
  routerTimeoutMs?: number;
}

export interface CoreEvents {
  status(message: StatusMessage): void;
  settingsChanged(settings: Settings): void;
}

export interface Core {
  router: Router;
  settings: SettingsService;
  /** Things the user must hear about that happened before any window could listen. */
  startupNotices: StatusMessage[];
  /** Hosts subscribe to forward core's events to their renderers. */
  subscribe(events: Partial<CoreEvents>): () => void;
  announce(message: StatusMessage): void;
  endpoint(): string;
}

const NO_GLOBAL_SHORTCUTS: ShortcutReport = { supported: false, entries: [] };

export async function createCore(deps: CoreDeps): Promise<Core> {
  const logger = deps.logger ?? silentLogger;
  const { service: settings, reset } = await SettingsService.open(deps.settingsStore);
  const listeners = new Set<Partial<CoreEvents>>();
  const announce = (message: StatusMessage) => listeners.forEach((l) => l.status?.(message));
  const endpoint = () => resolveEndpoint(settings.get().endpoint, deps.env);

  const startupNotices: StatusMessage[] = [];
  if (reset.length) {
    startupNotices.push({
      level: 'error',
      text: `Some saved settings could not be read and were set back to their defaults: ${reset.join(', ')}.`
    });
  }
  const initialShortcuts = deps.shortcuts?.apply(settings.get().shortcuts);
  const failedShortcuts = initialShortcuts?.entries.filter((e) => !e.registered) ?? [];
  if (failedShortcuts.length) {
    startupNotices.push({
      level: 'error',
      text: `${failedShortcuts.length} global ${failedShortcuts.length === 1 ? 'hotkey' : 'hotkeys'} could not be set up. Settings lists which and why.`
    });
  }

  settings.onChange((next) => {
    listeners.forEach((l) => l.settingsChanged?.(next));
  });

  const router = new Router(
    {
      'app.info': () => ({ name: 'Lumen', version: deps.version, host: deps.host, platform: deps.platform }),
      'app.ping': ({ nonce }) => ({ nonce }),
      'settings.get': () => settings.get(),
      'settings.update': async (patch) => {
        const before = settings.get();
        const next = await settings.update(patch);
        if (deps.shortcuts && JSON.stringify(before.shortcuts) !== JSON.stringify(next.shortcuts)) {
          const report = deps.shortcuts.apply(next.shortcuts);
          const failed = report.entries.filter((e) => !e.registered);
          if (failed.length) {
            announce({
              level: 'error',
              text: failed.map((e) => e.problem ?? `${e.accelerator} could not be registered.`).join(' ')
            });
          }
        }
        return next;
      },
      'secrets.status': () => deps.secrets.status(),
      'secrets.setKey': async ({ key }) => {
        await deps.secrets.setKey(key);
        return deps.secrets.status();
      },
      'secrets.clearKey': async () => {
        await deps.secrets.clearKey();
        return deps.secrets.status();
      },
      'connection.check': async () =>
        checkConnection({ endpoint: endpoint(), key: await deps.secrets.getKey(), fetchImpl: deps.fetchImpl }),
      'shortcuts.status': () => deps.shortcuts?.report() ?? NO_GLOBAL_SHORTCUTS
    },
    {
      'diag.echo': (sink) => ({ onData: (chunk) => sink.send(chunk), onClose: () => {} })
    },
    { logger, timeoutMs: deps.routerTimeoutMs }
  );

  return {
    router,
    settings,
    startupNotices,
    subscribe(events) {
      listeners.add(events);
      return () => listeners.delete(events);
    },
    announce,
    endpoint
  };
}
