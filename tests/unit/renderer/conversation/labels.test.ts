import { describe, expect, it } from 'vitest';
import { CONVERSATION_STATES, type ConversationStatus } from '../../../../src/shared/contract';
import { isRunning, stateLabel } from '../../../../src/renderer/src/conversation/labels';

const status = (state: ConversationStatus['state'], muted = false): ConversationStatus => ({
  state,
  mode: 'hands-free',
  muted
});

describe('the conversation state line', () => {
  it.each([
    ['connecting', 'Connecting…'],
    ['listening', 'Listening'],
    ['thinking', 'Thinking'],
    ['speaking', 'Speaking'],
    ['reconnecting', 'Reconnecting…'],
    ['idle', 'Not started'],
    ['closed', 'Ended']
  ] as const)('says %s as "%s"', (state, label) => {
    expect(stateLabel(status(state))).toBe(label);
  });

  it('says "Not started" before the first status', () => {
    expect(stateLabel(null)).toBe('Not started');
  });

  it('says muted while running: "Muted" while listening, added to any other state', () => {
    expect(stateLabel(status('listening', true))).toBe('Muted');
    expect(stateLabel(status('speaking', true))).toBe('Speaking, muted');
    expect(stateLabel(status('reconnecting', true))).toBe('Reconnecting…, muted');
  });

  it('does not say muted once the conversation is over', () => {
    expect(stateLabel(status('closed', true))).toBe('Ended');
    expect(stateLabel(status('idle', true))).toBe('Not started');
  });

  it('counts every state but idle and closed as running', () => {
    expect(CONVERSATION_STATES.filter(isRunning)).toEqual([
      'connecting',
      'listening',
      'thinking',
      'speaking',
      'reconnecting'
    ]);
    expect(isRunning(undefined)).toBe(false);
  });
});
