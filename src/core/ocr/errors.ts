export type OcrErrorCode = 'missing-language' | 'bad-language' | 'worker-failed';

/** Text reading that could not be done. `message` is meant to be spoken to the user as it is. */
export class OcrError extends Error {
  override readonly name = 'OcrError';

  constructor(
    message: string,
    readonly code: OcrErrorCode
  ) {
    super(message);
  }
}
