import type { RealtimeClientEvent } from 'openai/resources/realtime/realtime';

/**
 * Where the conversation's response stands. The service makes one response at a time, so an answer
 * asked for while one is under way is owed ("…+owed"): asked for once that one is done.
 */
export type ResponsePhase =
  /** Nothing asked for, nothing being made. */
  | 'none'
  /** A response has just ended and another answer is owed. */
  | 'owed'
  /** response.create sent; no response.created has answered it yet. */
  | 'requested'
  | 'requested+owed'
  /** Asked for, then interrupted: it is cancelled as soon as it is created. */
  | 'unwanted'
  /** …and a new answer asked for since: asked for once the unwanted one has ended. */
  | 'unwanted+owed'
  /** Being made. */
  | 'active'
  | 'active+owed'
  /** Being made, and response.cancel sent for it. */
  | 'cancelling'
  | 'cancelling+owed';

/** Each phase once another answer is owed. */
const WITH_OWED: Record<ResponsePhase, ResponsePhase> = {
  none: 'owed',
  owed: 'owed',
  requested: 'requested+owed',
  'requested+owed': 'requested+owed',
  unwanted: 'unwanted+owed',
  'unwanted+owed': 'unwanted+owed',
  active: 'active+owed',
  'active+owed': 'active+owed',
  cancelling: 'cancelling+owed',
  'cancelling+owed': 'cancelling+owed'
};

/** Each phase with nothing owed. */
const WITHOUT_OWED: Record<ResponsePhase, ResponsePhase> = {
  none: 'none',
  owed: 'none',
  requested: 'requested',
  'requested+owed': 'requested',
  unwanted: 'unwanted',
  'unwanted+owed': 'unwanted',
  active: 'active',
  'active+owed': 'active',
  cancelling: 'cancelling',
  'cancelling+owed': 'cancelling'
};

const owes = (phase: ResponsePhase) => WITHOUT_OWED[phase] !== phase;

/**
 * The response of one connection: asks for answers (response.create) and cancels them
 * (response.cancel), never a cancel for nothing and never a second create while one is under way.
 */
export class ResponseTracker {
  private phaseValue: ResponsePhase = 'none';
  /** The response being made, in the active and cancelling phases. */
  private id: string | undefined;

  constructor(private readonly send: (event: RealtimeClientEvent) => void) {}

  get phase(): ResponsePhase {
    return this.phaseValue;
  }

  /** Asked for and not yet done: the idle timeout waits for it, and the user's turn cancels it. */
  get busy(): boolean {
    return this.phaseValue !== 'none' && this.phaseValue !== 'owed';
  }

  /** The response being made (also while its cancel is on its way); undefined when there is none. */
  get activeId(): string | undefined {
    return this.id;
  }

  isActive(responseId: string): boolean {
    return this.id === responseId;
  }

  /** Asks for an answer, or owes it while a response is under way. True when response.create went out. */
  request(): boolean {
    const phase = this.phaseValue;
    if (phase === 'none' || phase === 'owed') {
      this.phaseValue = phase === 'none' ? 'requested' : 'requested+owed';
      this.send({ type: 'response.create' });
      return true;
    }
    this.phaseValue = WITH_OWED[phase];
    return false;
  }

  /**
   * Cancels the response being made, only if there is one; one asked for but not yet created is
   * cancelled as soon as it is. Nothing stays owed: the user has moved on.
   */
  cancel(): void {
    switch (this.phaseValue) {
      case 'active':
      case 'active+owed':
        this.phaseValue = 'cancelling';
        this.send({ type: 'response.cancel', response_id: this.id! });
        return;
      case 'requested':
      case 'requested+owed':
        this.phaseValue = 'unwanted';
        return;
      default:
        this.phaseValue = WITHOUT_OWED[this.phaseValue];
    }
  }

  /**
   * response.created, ours or the service's own (server VAD). True when it was unwanted and is now
   * cancelled; an answer asked for since stays owed.
   */
  created(responseId: string): boolean {
    const phase = this.phaseValue;
    const unwanted = phase === 'unwanted' || phase === 'unwanted+owed';
    this.id = responseId;
    if (!unwanted) {
      this.phaseValue = owes(phase) ? 'active+owed' : 'active';
      return false;
    }
    this.phaseValue = owes(phase) ? 'cancelling+owed' : 'cancelling';
    this.send({ type: 'response.cancel', response_id: responseId });
    return true;
  }

  /** response.done: the response being made ended, and no create of ours is still unanswered. */
  done(responseId: string): void {
    if (this.isActive(responseId)) {
      this.id = undefined;
      this.phaseValue = owes(this.phaseValue) ? 'owed' : 'none';
      return;
    }
    this.withdrawRequest();
  }

  /** The service refused our response.create (it already has an active response). */
  refused(): void {
    this.withdrawRequest();
  }

  /** True when another answer is owed; it is then no longer owed (the caller asks for it). */
  takeOwed(): boolean {
    if (!owes(this.phaseValue)) return false;
    this.phaseValue = WITHOUT_OWED[this.phaseValue];
    return true;
  }

  /** A new connection: nothing asked for on it yet. */
  reset(): void {
    this.phaseValue = 'none';
    this.id = undefined;
  }

  private withdrawRequest(): void {
    if (this.id !== undefined) return;
    if (this.phaseValue === 'requested' || this.phaseValue === 'unwanted') this.phaseValue = 'none';
    else if (this.phaseValue === 'requested+owed' || this.phaseValue === 'unwanted+owed') this.phaseValue = 'owed';
  }
}
