import { useCallback, useEffect, useRef, useState } from 'react';
import { localDay, spokenDate } from '../../shared/dates';
import type { ModelsStatus } from '../../shared/contract';
import type { ModelRole } from '../../shared/settings';

export type RoleStatus = ModelsStatus['roles'][number];

/** What each job is called where people read it. */
export const ROLE_LABELS: Record<ModelRole, string> = {
  describe: 'Describing and questions',
  quick: 'Quick answers when the main model is busy',
  conversation: 'Conversation',
  speech: 'The OpenAI voice',
  captions: 'Captions of what you say'
};

/** An ISO time as the user's clock shows it: "07:44", or "07:44 on 2 December 2026" on another day. */
export function localTime(iso: string, now = new Date()): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const time = at.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  return localDay(at) === localDay(now) ? time : `${time} on ${spokenDate(localDay(at))}`;
}

/** Where the list of models came from, in one or two sentences. */
export function catalogueSummary(catalogue: ModelsStatus['catalogue'], now = new Date()): string {
  const at = catalogue.checkedAt ? localTime(catalogue.checkedAt, now) : null;
  const source =
    catalogue.source === 'service'
      ? `The service's list of models${at ? `, checked at ${at}` : ''}.`
      : catalogue.source === 'saved'
        ? `The list of models saved when the service was last asked${at ? `, at ${at}` : ''}.`
        : "Lumen's own list: the service has not been asked yet (it is asked once a key is set, once a day, and by Check connection).";
  return catalogue.compatible ? `${source} This endpoint is not OpenAI's; your choices are used as they are.` : source;
}

/** "In use: gpt-4o. Shuts down on 14 January 2027; then gpt-6.1-terra." */
export function inUseSummary(role: RoleStatus): string {
  const inUse = role.inUse ? `In use: ${role.inUse}.` : 'In use: none; the service offers no model for this now.';
  if (!role.shutdownDate) return inUse;
  const then = role.successor ? `then ${role.successor}` : 'the service names nothing to use after it yet';
  return `${inUse} Shuts down on ${spokenDate(role.shutdownDate)}; ${then}.`;
}

/**
 * The models Lumen uses for each job, kept current: asked for when `watch` changes (pass what the
 * user chose, so a saved choice is reflected) and replaced by every `models.changed` event.
 */
export function useModelsStatus(watch: string) {
  const [status, setStatus] = useState<ModelsStatus | null>(null);
  const [problem, setProblem] = useState('');
  // A reply to an older request must not replace a newer status (an event, or a later reply).
  const latest = useRef(0);

  const adopt = useCallback((next: ModelsStatus) => {
    latest.current += 1;
    setStatus(next);
    setProblem('');
  }, []);

  const refresh = useCallback(() => {
    const ticket = ++latest.current;
    return window.lumen.models.status().then((result) => {
      if (ticket !== latest.current) return;
      if (result.ok) {
        setStatus(result.value);
        setProblem('');
      } else {
        setProblem(result.error.message);
      }
    });
  }, []);

  useEffect(() => void refresh(), [refresh, watch]);
  useEffect(() => window.lumen.on('models.changed', adopt), [adopt]);

  return { status, problem, refresh, adopt };
}
