import { checkConnection } from '../core/openai/connection';
import { baseUrlProblem, resolveEndpoint } from '../core/openai/endpoint';
import type { OfflineVoiceList } from '../core/speech/offline/voice-list';
import type { Environment, SecretStore } from '../core/ports';
import type { ModelService } from '../core/models/model-service';

/** A warning needs attention soon but does not fail the check (a model near its shutdown). */
export type CheckState = 'ok' | 'problem' | 'warning' | 'note';
export interface Check {
  name: string;
  state: CheckState;
  detail: string;
}

export interface DoctorInput {
  env: Environment;
  secrets: SecretStore;
  configuredEndpoint: string;
  nodeVersion: string;
  fetchImpl?: typeof fetch;
  /** Takes the endpoint's list of models and says which chosen ones shut down within 30 days. */
  models?: ModelService;
  offlineVoices: OfflineVoiceList;
}

const MIN_NODE = [22, 12] as const;

export function nodeIsSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
}

/** Everything a user (or support) needs to know about why Lumen may not work here. */
export async function runDoctor(input: DoctorInput): Promise<Check[]> {
  const checks: Check[] = [];
  checks.push(
    nodeIsSupported(input.nodeVersion)
      ? { name: 'Node.js', state: 'ok', detail: `version ${input.nodeVersion.replace(/^v/, '')}` }
      : {
          name: 'Node.js',
          state: 'problem',
          detail: `version ${input.nodeVersion.replace(/^v/, '')} is too old; Lumen needs ${MIN_NODE.join('.')} or newer`
        }
  );
  const endpoint = resolveEndpoint(input.configuredEndpoint, input.env);
  const status = await input.secrets.status(endpoint);
  const unsafe = baseUrlProblem(input.configuredEndpoint, input.env);
  if (unsafe) checks.push({ name: 'OPENAI_BASE_URL', state: 'problem', detail: unsafe });
  if (!status.keySet) {
    checks.push({
      name: 'API key',
      state: 'problem',
      detail: status.withheld ?? 'not set; set OPENAI_API_KEY or enter a key in Lumen’s settings'
    });
    checks.push({ name: 'Endpoint', state: 'note', detail: `${endpoint} not checked without a key` });
  } else {
    checks.push({
      name: 'API key',
      state: 'ok',
      detail: `${status.source === 'environment' ? 'from OPENAI_API_KEY' : 'saved in Lumen'}, for ${status.endpoint}${status.withheld ? ` (${status.withheld})` : ''}`
    });
    const report = await checkConnection({
      endpoint,
      key: await input.secrets.getKey(endpoint),
      fetchImpl: input.fetchImpl,
      onModels: (list) => input.models?.adopt(list, endpoint)
    });
    checks.push({ name: 'Endpoint', state: report.ok ? 'ok' : 'problem', detail: `${endpoint}: ${report.message}` });
  }
  for (const role of input.models?.status().roles ?? []) {
    if (role.notice) checks.push({ name: 'Models', state: 'warning', detail: role.notice });
  }
  checks.push({ name: 'Offline text reading', state: 'note', detail: 'not part of this version yet' });
  checks.push(await offlineVoiceCheck(input.offlineVoices));
  return checks;
}

export const formatCheck = (c: Check) => `${c.state.toUpperCase()}: ${c.name}: ${c.detail}`;

async function offlineVoiceCheck(offlineVoices: OfflineVoiceList): Promise<Check> {
  try {
    const voices = await offlineVoices.list();
    return { name: 'Offline voice', state: 'ok', detail: `eSpeak NG with ${voices.length} voices` };
  } catch (error) {
    return {
      name: 'Offline voice',
      state: 'problem',
      detail: `eSpeak NG could not start: ${(error as Error).message}`
    };
  }
}
