import type { Settings } from '../../shared/settings';
import { LumenError } from '../../shared/errors';
import { checkCapture } from '../imaging/guard';
import { ImageError, prepareImage, type Detail } from '../imaging/prepare';
import type { ServiceDetail } from '../../shared/image-size';
import {
  askBeforeSending,
  deniedMessage,
  deniedOnScreenMessage,
  isDenied,
  WINDOWS_UNCHECKED,
  type ShieldedImage
} from '../privacy';

export type HoldReason = 'black' | 'dark' | 'uniform' | 'blurry' | 'private' | 'denied';

/** Failing closed: a picture the shield could not check is not sent. */
export const SHIELD_FAILED =
  'The privacy shield could not check this picture for private text, so nothing was sent. ' +
  'Please try again, or turn the shield off in Settings.';

export interface PictureInput {
  image: Uint8Array;
  /** The captured screen's or window's name, for the deny list. */
  windowName?: string;
  /**
   * The picture shows the screen or a region of it, not one window: any window on the screen may be
   * in it, so every one is checked against the deny list.
   */
  showsScreen?: boolean;
  /** The windows that were on the screen when the picture was taken, where the host said. */
  windowsAtCapture?: readonly string[];
  /** The user asked again: send what the guard or the shield's "ask" held back. */
  insist?: boolean;
}

export interface PictureRules {
  privacy: Settings['privacy'];
  detail: Detail;
  /** Finds private text in a JPEG by offline text reading and blacks it out. */
  shield: (jpeg: Buffer) => Promise<ShieldedImage>;
  /** Hold back black, dark, blank or blurred captures (a person chose to describe them). */
  guard: boolean;
  /** The windows on the screen now, where the host can tell (the desktop app). */
  visibleWindows?: () => Promise<string[]>;
}

export type Picture =
  | {
      sent: true;
      jpeg: Buffer;
      detail: ServiceDetail;
      tokens: number;
      /** "2 private items hidden: …", or ''. */ hidden: string;
    }
  | { sent: false; reason: HoldReason; message: string };

/**
 * For a picture of the screen: the deny list's verdict on every window that is (or was, when it was
 * taken) on it. Undefined when none is listed; a failure to list them fails closed.
 */
async function windowOnScreen(input: PictureInput, rules: PictureRules): Promise<string | undefined> {
  if (!input.showsScreen || (!rules.visibleWindows && !input.windowsAtCapture)) return undefined;
  let names: readonly string[];
  try {
    names = [...(input.windowsAtCapture ?? []), ...((await rules.visibleWindows?.()) ?? [])];
  } catch {
    return WINDOWS_UNCHECKED;
  }
  for (const name of names) {
    const verdict = isDenied(name, rules.privacy.denyList);
    if (verdict.denied) return deniedOnScreenMessage(verdict.match!);
  }
  return undefined;
}

/**
 * Everything a picture passes before it may leave the computer, in order: the deny list (never sent;
 * for a picture of the screen, every window on it), the capture guard, preparation (upright, no
 * metadata, sized for `detail`), and the privacy shield. Unusable images throw a LumenError whose
 * message can be said.
 */
export async function preparePicture(input: PictureInput, rules: PictureRules): Promise<Picture> {
  const { privacy } = rules;
  const denied = input.windowName ? isDenied(input.windowName, privacy.denyList) : { denied: false };
  if (denied.denied) return { sent: false, reason: 'denied', message: deniedMessage(denied.match!) };
  const onScreen = await windowOnScreen(input, rules);
  if (onScreen) return { sent: false, reason: 'denied', message: onScreen };
  if (rules.guard && !input.insist) {
    const verdict = await checkCapture(input.image).catch(() => undefined);
    if (verdict && !verdict.ok) return { sent: false, reason: verdict.reason, message: verdict.message };
  }
  let prepared;
  try {
    prepared = await prepareImage(input.image, { detail: rules.detail });
  } catch (error) {
    if (error instanceof ImageError) throw new LumenError('INVALID_REQUEST', error.message);
    throw error;
  }
  const picture = {
    sent: true as const,
    jpeg: prepared.jpeg,
    detail: prepared.detail,
    tokens: prepared.tokens,
    hidden: ''
  };
  if (privacy.shield === 'off') return picture;
  let shielded: ShieldedImage;
  try {
    shielded = await rules.shield(prepared.jpeg);
  } catch {
    return { sent: false, reason: 'private', message: SHIELD_FAILED };
  }
  if (!shielded.hidden.length) return picture;
  if (privacy.shield === 'ask') {
    if (!input.insist) return { sent: false, reason: 'private', message: askBeforeSending(shielded.hidden) };
    return picture;
  }
  return { ...picture, jpeg: shielded.image, hidden: shielded.summary };
}
