import type { ModelsStatus } from '../shared/contract';
import { ROLE_NAMES } from '../core/models/model-service';
import { spokenDate } from '../shared/dates';
import { resolveEndpoint } from '../core/openai/endpoint';
import { openModels, whyNoKey } from './cloud';
import { EXIT, loadCliContext, type CliIo } from './context';

const SOURCES: Record<ModelsStatus['catalogue']['source'], string> = {
  service: 'the service’s list, fetched just now',
  saved: 'the list saved when the service was last asked',
  'built-in': 'Lumen’s own list (the service could not be asked)'
};

/** `lumen models`: each job, the model in use, its shutdown date, and what the service offers. */
export async function runModels(args: { json?: boolean }, io: CliIo): Promise<number> {
  const context = await loadCliContext(io);
  const models = await openModels(context, io);
  const endpoint = resolveEndpoint(context.settings.endpoint, context.env);
  if (await context.secrets.getKey(endpoint)) await models.refresh();
  else io.err(`${await whyNoKey(context.secrets, endpoint)} The service was not asked; showing Lumen’s own list.`);
  const status = models.status();
  await models.flushed();
  if (args.json) {
    io.out(JSON.stringify(status, null, 2));
    return EXIT.ok;
  }
  for (const role of status.roles) {
    const whose = role.chosen ? 'your choice' : 'chosen by Lumen';
    const ends = role.shutdownDate
      ? `; shuts down on ${spokenDate(role.shutdownDate)}${role.successor ? `, then ${role.successor}` : ''}`
      : '';
    io.out(`${ROLE_NAMES[role.role]}: ${role.inUse || 'none available'} (${whose}${ends})`);
    if (role.notice) io.out(`  NOTICE: ${role.notice}`);
    io.out(`  offered: ${role.choices.map((c) => (c.note ? `${c.id} (${c.note})` : c.id)).join(', ') || 'nothing'}`);
  }
  const when = status.catalogue.checkedAt ? ` at ${status.catalogue.checkedAt}` : '';
  io.out(`Models from ${SOURCES[status.catalogue.source]}${status.catalogue.source === 'saved' ? when : ''}.`);
  if (status.catalogue.compatible) io.out('This endpoint is not OpenAI’s: your choices are used as they are.');
  return EXIT.ok;
}
