import { LumenError } from '../../shared/errors';
import type { Settings } from '../../shared/settings';
import type { CoreContext } from '../context';
import type { InvokeHandlers, StreamHandlers } from '../router';
import type { ScreenService } from '../screen/screen-service';
import type { LiveToolCallback } from './live-tool';
import type { SpeechService } from '../speech/speech-service';
import type { StreamPlayer } from '../speech/stream-player';
import { realtimeCost, transcriptionCost } from '../usage/prices';
import { preparePicture, type PictureInput } from '../vision/picture';
import { ConversationService } from './conversation-service';
import type { LookSource } from './index';

/** Nobody can be asked mid-sentence: where describes ask first, the conversation's pictures hide private text. */
export const conversationPrivacy = (privacy: Settings['privacy']): Settings['privacy'] => ({
  ...privacy,
  shield: privacy.shield === 'ask' ? 'on' : privacy.shield
});

/** How long the page may take to capture a picture the model asked for. */
const PAGE_PICTURE_TIMEOUT_MS = 20_000;

/**
 * The spoken conversation. Its pictures pass the same rules as a describe's, except the capture
 * guard (the model asked, or the user chose to show it) and "ask" (nobody can be asked mid-sentence,
 * so private text is hidden).
 */
export function createConversation(
  ctx: CoreContext,
  {
    speech,
    screen,
    player,
    live
  }: {
    speech: SpeechService;
    screen: ScreenService;
    player: () => StreamPlayer | undefined;
    /** Live description, for the model's `live_description` tool. */
    live: LiveToolCallback;
  }
) {
  const { settings, access, spending } = ctx;
  // Pictures only the page can take: the camera everywhere, the screen in a browser.
  const takePicture = async (source: LookSource): Promise<PictureInput> => {
    if (source === 'camera' || !screen.source) {
      const late = `The ${source} picture did not arrive in time.`;
      return ctx.page.ask('conversation.look', { source }, { timeoutMs: PAGE_PICTURE_TIMEOUT_MS, late });
    }
    const shot = await screen.captureForUpload(source);
    return { image: shot.image, windowName: shot.name };
  };
  const prepare = async (input: PictureInput, source: LookSource | 'region'): Promise<Buffer> => {
    const privacy = settings.get().privacy;
    const picture = await preparePicture(
      { ...input, showsScreen: source === 'screen' || source === 'region' },
      {
        privacy: conversationPrivacy(privacy),
        detail: settings.get().assistant.detail,
        shield: ctx.shield,
        guard: false,
        visibleWindows: screen.listWindows
      }
    );
    if (!picture.sent) throw new LumenError('UNAVAILABLE', picture.message);
    if (picture.hidden) ctx.announce({ level: 'info', text: picture.hidden });
    return picture.jpeg;
  };

  const conversation = new ConversationService({
    endpoint: access.endpoint,
    models: ctx.models,
    key: access.key,
    whyNoKey: access.whyNoKey,
    settings: () => settings.get(),
    player,
    speech,
    look: async (source) => prepare(await takePicture(source), source),
    live,
    emit: ctx.emit,
    earcon: ctx.earcon,
    usage: (used) => {
      spending.usage.addRealtime(used);
      spending.add(realtimeCost(conversation.model(), used));
    },
    captionsUsage: (model, seconds) => spending.add(transcriptionCost(model, seconds)),
    refusal: spending.refusal,
    logger: ctx.logger
  });
  spending.onLimitReached(() => conversation.stop());
  settings.onChange(() => conversation.settingsChanged());

  // The finished exchanges, for the optional history: what was heard, then the reply.
  let heard = '';
  ctx.events.on('conversation.caption', (caption) => {
    if (!caption.final) return;
    if (caption.role === 'user') heard = caption.text;
    else {
      ctx.history.add({ source: 'conversation', question: heard, answer: caption.text });
      heard = '';
    }
  });
  ctx.onForget(() => {
    conversation.forget();
    heard = '';
  });

  const handlers: Pick<
    InvokeHandlers,
    | 'conversation.start'
    | 'conversation.stop'
    | 'conversation.talk'
    | 'conversation.mute'
    | 'conversation.say'
    | 'conversation.show'
  > = {
    'conversation.start': () => conversation.start(),
    'conversation.stop': () => conversation.stop(),
    'conversation.talk': ({ pressed }) => conversation.talk(pressed),
    'conversation.mute': ({ muted }) => conversation.mute(muted),
    'conversation.say': async ({ text }) => {
      await conversation.say(text);
      return {};
    },
    'conversation.show': async ({ source, image, windowName }) => {
      const picture = image
        ? screen.withPageShot({ source, image, windowName })
        : source === 'region'
          ? undefined
          : await takePicture(source);
      if (!picture) throw new LumenError('INVALID_REQUEST', 'A region is shown with its picture.');
      await conversation.show(await prepare(picture, source), `A picture of my ${source}.`);
      return { shown: true };
    }
  };
  const streams: Pick<StreamHandlers, 'conversation.mic'> = {
    'conversation.mic': () => ({ onData: (chunk) => conversation.microphone(chunk), onClose: () => {} })
  };
  return { conversation, handlers, streams };
}
