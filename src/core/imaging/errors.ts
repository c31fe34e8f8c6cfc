export type ImageErrorCode = 'empty' | 'corrupt' | 'too-large' | 'unsupported';

/** Words the user hears when an image cannot be used; each says what happened in plain terms. */
export const IMAGE_MESSAGES = {
  empty: 'The image is empty.',
  unreadable: 'Lumen could not read that image; it may be damaged or in a format Lumen does not know.',
  tooManyPixels: 'That image is too large for Lumen to open. Try a smaller image, or a screenshot of part of it.',
  tooManyBytes: 'That picture has too much detail to send, even made smaller. Try a smaller part of it.'
} as const;

/** An image Lumen cannot use. `message` is meant to be spoken to the user as it is. */
export class ImageError extends Error {
  override readonly name = 'ImageError';

  constructor(
    message: string,
    readonly code: ImageErrorCode
  ) {
    super(message);
  }
}
