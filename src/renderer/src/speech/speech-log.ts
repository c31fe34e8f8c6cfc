import { useSyncExternalStore } from 'react';

export interface LogEntry {
  id: number;
  text: string;
}

/**
 * What "my screen reader" mode says: each chunk appended once, in order, to a role="log" region,
 * which screen readers read as additions. Old entries are trimmed so the page does not grow forever.
 */
class SpeechLogStore {
  private entries: LogEntry[] = [];
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  append(text: string) {
    this.entries = [...this.entries.slice(-49), { id: this.nextId++, text }];
    this.listeners.forEach((l) => l());
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = () => this.entries;
}

export const speechLog = new SpeechLogStore();

export const useSpeechLog = () => useSyncExternalStore(speechLog.subscribe, speechLog.snapshot);
