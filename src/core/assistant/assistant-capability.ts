import type { CoreContext } from '../context';
import type { ReadingService } from '../reading/reading-service';
import type { InvokeHandlers } from '../router';
import type { ScreenService } from '../screen/screen-service';
import type { SpeechService } from '../speech/speech-service';
import { Assistant } from './assistant';

/** Questions and descriptions of pictures, answered by the describe model and spoken as they stream. */
export function createAssistant(
  ctx: CoreContext,
  { speech, reading, screen }: { speech: SpeechService; reading: ReadingService; screen: ScreenService }
) {
  const { settings, access, spending } = ctx;
  const assistant = new Assistant({
    endpoint: access.endpoint,
    key: access.key,
    whyNoKey: access.whyNoKey,
    settings: () => settings.get().assistant,
    models: ctx.models,
    privacy: () => settings.get().privacy,
    shield: ctx.shield,
    readOffline: (image) => reading.readAloud(image, 'screen', undefined, false),
    visibleWindows: screen.listWindows,
    usage: spending.chat,
    refusal: spending.refusal,
    remember: (entry) => ctx.history.add(entry),
    speech,
    emit: ctx.emit,
    announce: ctx.announce,
    earcon: ctx.earcon,
    fetchImpl: ctx.fetchImpl
  });
  ctx.onForget(() => assistant.forget());

  const handlers: Pick<
    InvokeHandlers,
    | 'assistant.ask'
    | 'assistant.stop'
    | 'describe.start'
    | 'describe.more'
    | 'describe.capture'
    | 'describe.again'
    | 'answer.picture'
  > = {
    'assistant.ask': ({ question }) => ({ id: assistant.ask(question).id }),
    'assistant.stop': () => ({ stopped: assistant.stop() }),
    'describe.start': (input) => assistant.describe(screen.withPageShot(input)),
    'describe.more': () => ({ id: assistant.more().id }),
    'describe.capture': async ({ target, question, insist }) => {
      const shot = await screen.captureForUpload(target);
      return assistant.describe({ source: target, image: shot.image, windowName: shot.name, question, insist });
    },
    'describe.again': ({ id }) => ({ id: assistant.again(id).id }),
    'answer.picture': ({ id }) => ({ image: new Uint8Array(assistant.picture(id)) })
  };
  return { assistant, handlers };
}
