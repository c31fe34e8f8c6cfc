import { NO_KEY } from '../assistant/assistant';
import type { CoreContext } from '../context';
import type { InvokeHandlers } from '../router';
import type { SpeechService } from '../speech/speech-service';
import { chatCost } from '../usage/prices';
import { preparePicture } from '../vision/picture';
import { awayReason, type SystemAway } from './away';
import { encodedFrame, LiveCamera, type LiveConversation } from './live-camera';

/** Live description of the camera: frames looked at here, a picture sent only when the scene changed. */
export function createLive(
  ctx: CoreContext,
  { speech, conversation, now }: { speech: SpeechService; conversation?: LiveConversation; now?: () => number }
) {
  const { settings, access, spending } = ctx;
  const camera = new LiveCamera({
    settings: () => settings.get().live,
    refusal: async () => {
      const endpoint = access.endpoint();
      if (!(await access.key(endpoint))) return (await access.whyNoKey(endpoint)) ?? NO_KEY;
      return spending.refusal();
    },
    endpoint: access.endpoint,
    key: access.key,
    models: ctx.models,
    // Low detail: one short sentence needs no more, and live sends many pictures.
    picture: (image) =>
      preparePicture({ image }, { privacy: settings.get().privacy, detail: 'low', shield: ctx.shield, guard: false }),
    spend: (used, model) => {
      const cost = chatCost(model, used);
      spending.usage.addChat(used);
      spending.add(cost);
      return cost.usd;
    },
    remark: (text) => void speech.speak(text, { kind: 'answer', slot: 'live' }),
    say: (text) => speech.say(text, 'info'),
    onStatus: (status) => ctx.emit('live.state', status),
    conversation,
    now: now ?? Date.now,
    fetchImpl: ctx.fetchImpl
  });
  spending.onLimitReached((refusal) => camera.stop(refusal));
  ctx.onForget(() => camera.stop());

  /** The screen was locked or the computer goes to sleep: nobody is there to hear, so live stops. */
  const away = (why: SystemAway) => camera.stop(awayReason(why));

  const handlers: Pick<InvokeHandlers, 'live.start' | 'live.stop' | 'live.frame'> = {
    'live.start': () => camera.start(),
    'live.stop': () => camera.stop(),
    'live.frame': async ({ image }) => ({ result: await camera.frame(encodedFrame(image)) })
  };
  return { camera, away, handlers };
}
