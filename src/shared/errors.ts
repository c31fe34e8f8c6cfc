/** Error codes every host understands. Messages are written to be spoken to the user. */
export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'INVALID_REQUEST'
  | 'FORBIDDEN'
  | 'UNAVAILABLE'
  /** The window or screen asked for by id is no longer there (a watched window was closed). */
  | 'GONE'
  /** This host does not do that itself; the page should use its own way (e.g. getDisplayMedia). */
  | 'UNSUPPORTED'
  | 'NOT_CONFIGURED'
  | 'NETWORK'
  | 'TIMEOUT'
  /** Whoever asked stopped waiting for the answer. */
  | 'CANCELLED'
  /** Too much already in flight from this window; trying again in a moment works. */
  | 'BUSY'
  | 'INTERNAL';

export interface LumenErrorShape {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: LumenErrorShape };

/** Thrown by handlers when the failure has a message meant for the user. */
export class LumenError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'LumenError';
  }

  toShape(): LumenErrorShape {
    return { code: this.code, message: this.message };
  }
}
