import type { ConversationState, ConversationStatus } from '../../../shared/contract';

const STATE_LABELS: Record<ConversationState, string> = {
  connecting: 'Connecting…',
  listening: 'Listening',
  thinking: 'Thinking',
  speaking: 'Speaking',
  reconnecting: 'Reconnecting…',
  idle: 'Not started',
  closed: 'Ended'
};

export const isRunning = (state: ConversationState | undefined) => !!state && state !== 'idle' && state !== 'closed';

/** The state line: what the conversation is doing now, as the user would say it. */
export function stateLabel(status: ConversationStatus | null): string {
  if (!status) return STATE_LABELS.idle;
  const running = isRunning(status.state);
  if (running && status.muted) return status.state === 'listening' ? 'Muted' : `${STATE_LABELS[status.state]}, muted`;
  return STATE_LABELS[status.state];
}
