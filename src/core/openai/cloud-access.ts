import type { InvokeHandlers } from '../router';
import type { Environment, Logger, SecretStore } from '../ports';
import type { SettingsService } from '../settings/settings-service';
import { checkConnection } from './connection';
import { resolveEndpoint } from './endpoint';

/**
 * Where Lumen's requests go and which key goes with them. Every client asks for the key with the
 * endpoint it is about to call: a key goes only to the endpoint it is bound to.
 */
export class CloudAccess {
  private constructor(
    private readonly secrets: SecretStore,
    private readonly settings: SettingsService,
    private readonly env: Environment
  ) {}

  static async open(secrets: SecretStore, settings: SettingsService, env: Environment, logger: Logger) {
    const access = new CloudAccess(secrets, settings, env);
    // Read now, before anything can change the endpoint: a key kept by an earlier Lumen without its
    // endpoint is bound to the one configured at start-up.
    await secrets
      .status(access.endpoint())
      .catch((error: unknown) => logger.warn('the API key could not be read', { error: String(error) }));
    return access;
  }

  endpoint = (): string => resolveEndpoint(this.settings.get().endpoint, this.env);

  key = (at: string): Promise<string | undefined> => this.secrets.getKey(at);

  /** Why no key goes to `at` although Lumen holds one (the sentence to say), or undefined. */
  whyNoKey = async (at: string): Promise<string | undefined> => {
    const status = await this.secrets.status(at).catch(() => undefined);
    return status && !status.keySet ? status.withheld : undefined;
  };

  handlers(hooks: {
    /** A new key: voices may work again and the service's models are asked for. */
    keyChanged: () => void;
    /** The connection check listed the service's models. */
    modelsListed: (body: unknown, endpoint: string) => void;
    fetchImpl?: typeof fetch;
  }): Pick<InvokeHandlers, 'secrets.status' | 'secrets.setKey' | 'secrets.clearKey' | 'connection.check'> {
    return {
      'secrets.status': () => this.secrets.status(this.endpoint()),
      // A key is entered for the endpoint in use, and is bound to it.
      'secrets.setKey': async ({ key }) => {
        await this.secrets.setKey(key, this.endpoint());
        hooks.keyChanged();
        return this.secrets.status(this.endpoint());
      },
      'secrets.clearKey': async () => {
        await this.secrets.clearKey();
        return this.secrets.status(this.endpoint());
      },
      'connection.check': async () => {
        const checked = this.endpoint();
        const key = await this.key(checked);
        return checkConnection({
          endpoint: checked,
          key,
          withheld: key ? undefined : await this.whyNoKey(checked),
          fetchImpl: hooks.fetchImpl,
          onModels: (body) => hooks.modelsListed(body, checked)
        });
      }
    };
  }
}
