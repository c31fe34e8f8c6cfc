import type { CoreContext } from '../context';
import type { InvokeHandlers } from '../router';

/**
 * The models in use, kept in step with the settings: a new endpoint has its own list of models, and
 * new choices change what is in use.
 */
export function modelsHandlers(ctx: CoreContext): Pick<InvokeHandlers, 'models.status' | 'models.switch'> {
  const { models, access, settings } = ctx;
  let lastEndpoint = access.endpoint();
  let lastChoices = JSON.stringify(settings.get().models);
  settings.onChange((next) => {
    const endpoint = access.endpoint();
    const choices = JSON.stringify(next.models);
    if (endpoint !== lastEndpoint) void models.refresh();
    if (endpoint !== lastEndpoint || choices !== lastChoices) ctx.emit('models.changed', models.status());
    lastEndpoint = endpoint;
    lastChoices = choices;
  });
  return {
    'models.status': () => models.status(),
    'models.switch': ({ role }) => models.switchNow(role)
  };
}
