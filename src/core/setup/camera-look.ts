import type { ReplyOf } from '../../shared/contract';
import { LumenError } from '../../shared/errors';
import { checkCapture, ImageError, type CaptureProblem } from '../imaging';

/** What setup says about one frame from the camera: whether it could describe what is in front of it. */
const LOOKS: Record<CaptureProblem, string> = {
  black: 'The camera sees only black. The lens may be covered, or the camera may be switched off.',
  dark: 'The camera sees something, but it is too dark. Turn on a light or point the camera at something lit.',
  uniform:
    'The camera sees almost all one colour, with nothing to make out. It may be facing a wall; point it at something.',
  blurry: 'The camera sees something, but it is blurred. Clean the lens, or hold things a little further away.'
};
export const CAMERA_SEES = 'The camera sees something.';

/** One frame through the same capture guard a describe uses; nothing is sent anywhere. */
export async function lookThroughCamera(image: Uint8Array): Promise<ReplyOf<'capture.check'>> {
  try {
    const verdict = await checkCapture(image);
    return verdict.ok
      ? { ok: true, message: CAMERA_SEES }
      : { ok: false, reason: verdict.reason, message: LOOKS[verdict.reason] };
  } catch (error) {
    if (error instanceof ImageError) throw new LumenError('INVALID_REQUEST', error.message);
    throw error;
  }
}
