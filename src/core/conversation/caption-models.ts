import { Events } from '../util/events';
import { SPOKEN } from './errors';

type CaptionModelEvents = {
  /** The service refused this caption model; the host may remember it and not offer it again. */
  transcriptionRefused: (model: string) => void;
  /** The service refused every caption model offered: the conversation goes on without them. */
  captionsUnavailable: (notice: { message: string }) => void;
};

/**
 * The caption model for the user's words, asked for in each session.update: the first candidate the
 * service has not refused, for this connection and every later one.
 */
export class CaptionModels {
  private readonly events: Events<CaptionModelEvents>;
  // For the whole session ----------------------------------------------------------------------
  /** Caption models the service refused: not asked for again, on this connection or the next. */
  private readonly refused = new Set<string>();
  /** The caption model the service accepted; a new connection asking for it need not wait. */
  private acceptedModel: string | undefined;
  private unavailableSaid = false;
  private updateSerial = 0;
  // Per connection -----------------------------------------------------------------------------
  /** Our session.update events on this connection, by event_id → the caption model each asked for. */
  private readonly updates = new Map<string, string | null>();
  /** The caption model of the last session.update sent on this connection. */
  private sent: string | null | undefined;

  constructor(
    /** The caption models wanted, best first (read afresh: the settings may change). */
    private readonly candidates: () => readonly string[],
    onListenerError?: (error: unknown, event: keyof CaptionModelEvents) => void
  ) {
    this.events = new Events(onListenerError);
  }

  on<K extends keyof CaptionModelEvents>(event: K, listener: CaptionModelEvents[K]): () => void {
    return this.events.on(event, listener);
  }

  get accepted(): string | undefined {
    return this.acceptedModel;
  }

  /** The last session.update asked for a caption model the service may yet refuse. */
  get awaitingAnswer(): boolean {
    return !!this.sent && this.sent !== this.acceptedModel;
  }

  /** The first candidate the service has not refused; null when none is left (or none wanted). */
  choice(): string | null {
    return this.candidates().find((m) => !this.refused.has(m)) ?? null;
  }

  /** The next session.update on this connection: its event id, and the caption model it asks for. */
  nextUpdate(): { eventId: string; model: string | null } {
    const model = this.choice();
    const eventId = `lumen_session_update_${++this.updateSerial}`;
    this.updates.set(eventId, model);
    this.sent = model;
    return { eventId, model };
  }

  /** The caption model an error is about: the one its session.update asked for, else the last one asked. */
  askedBy(eventId: string | null | undefined): string | null | undefined {
    const asked = eventId ? this.updates.get(eventId) : undefined;
    return asked !== undefined ? asked : this.sent;
  }

  /** The event was one of our session.updates on this connection. */
  isOurUpdate(eventId: string | null | undefined): boolean {
    return !!eventId && this.updates.has(eventId);
  }

  /** The last session.update on this connection asked for `model`: a refusal of an older one was dealt with when it came. */
  isLatest(model: string): boolean {
    return model === this.sent;
  }

  /** The service took a session.update: a caption model it echoes is accepted. */
  updated(session: object): void {
    const echoed = (session as { audio?: { input?: { transcription?: { model?: unknown } | null } } }).audio?.input
      ?.transcription?.model;
    if (typeof echoed === 'string' && echoed === this.sent) this.acceptedModel = echoed;
  }

  /** The service will not caption with `model`: it is not asked for again. */
  refuse(model: string): void {
    if (this.refused.has(model)) return;
    this.refused.add(model);
    if (this.acceptedModel === model) this.acceptedModel = undefined;
    this.events.emit('transcriptionRefused', model);
  }

  /** Says, once per session, that no caption model is left. */
  sayIfNoneLeft(): void {
    if (this.choice() !== null || this.unavailableSaid) return;
    this.unavailableSaid = true;
    this.events.emit('captionsUnavailable', { message: SPOKEN.captionsUnavailable });
  }

  /** A new connection: none of our updates has gone out on it yet. */
  newConnection(): void {
    this.updates.clear();
    this.sent = undefined;
  }
}
