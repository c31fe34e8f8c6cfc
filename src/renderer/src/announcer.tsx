import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export type Politeness = 'polite' | 'assertive';
export interface Announcement {
  id: number;
  text: string;
  politeness: Politeness;
  /** False for messages Lumen's own speech already said: shown in the log, not announced again. */
  live: boolean;
}

interface AnnouncerValue {
  announce(text: string, politeness?: Politeness, options?: { live?: boolean }): void;
  history: Announcement[];
}

const AnnouncerContext = createContext<AnnouncerValue | null>(null);

/**
 * Live regions exist from the first render (screen readers ignore regions added with their
 * text). Each message replaces the region's content so it is read once, and the visible log
 * keeps the last few for users who missed one.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [history, setHistory] = useState<Announcement[]>([]);
  const nextId = useRef(1);
  const announce = useCallback((text: string, politeness: Politeness = 'polite', options: { live?: boolean } = {}) => {
    const id = nextId.current++;
    setHistory((old) => [...old.slice(-19), { id, text, politeness, live: options.live ?? true }]);
  }, []);
  const value = useMemo(() => ({ announce, history }), [announce, history]);
  const latestPolite = [...history].reverse().find((a) => a.live && a.politeness === 'polite');
  const latestAssertive = [...history].reverse().find((a) => a.live && a.politeness === 'assertive');
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden">
        <div role="status" aria-live="polite" aria-atomic="true" data-testid="live-polite">
          {latestPolite && <span key={latestPolite.id}>{latestPolite.text}</span>}
        </div>
        <div role="alert" aria-live="assertive" aria-atomic="true" data-testid="live-assertive">
          {latestAssertive && <span key={latestAssertive.id}>{latestAssertive.text}</span>}
        </div>
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnouncer(): AnnouncerValue {
  const value = useContext(AnnouncerContext);
  if (!value) throw new Error('useAnnouncer outside AnnouncerProvider');
  return value;
}
