import { createAssistant } from './assistant/assistant-capability';
import { openContext } from './context';
import { createConversation } from './conversation/conversation-capability';
import { createDocument } from './document/document-capability';
import type { Core, CoreDeps } from './core-deps';
import { createFeedback } from './feedback/feedback-capability';
import { historyHandlers } from './history/history-handlers';
import type { SystemAway } from './live/away';
import { createLive } from './live/live-capability';
import { createWatch } from './watch/watch-capability';
import { modelsHandlers } from './models/models-handlers';
import { baseUrlProblem } from './openai/endpoint';
import { ReadingService } from './reading/reading-service';
import { Router, type InvokeHandlers, type StreamHandlers } from './router';
import { ScreenService } from './screen/screen-service';
import { applyShortcuts, settingsHandlers } from './settings/settings-handlers';
import { createSetup } from './setup/setup-capability';
import { createSpeech } from './speech/speech-capability';
import { startupNotices } from './startup-notices';
import { createUpdates } from './update/update-capability';
import { firstDescribeSteps, warmUpOnce } from './warm-up';

export type { Core, CoreDeps } from './core-deps';

/**
 * Builds the shared services, then each capability, and routes every channel to the one that owns
 * it. A new capability: its folder exports its service and its slice of the handlers; add both here.
 */
export async function createCore(deps: CoreDeps): Promise<Core> {
  // Asked before anything can save settings: settings from an earlier Lumen mean no first-run setup.
  const settingsSaved = await deps.settingsStore.read().then(
    (stored) => stored !== undefined,
    () => true
  );
  // Retirements and shutdown notices are said; speech is made below, before any is said.
  const { ctx, forgetAll, found } = await openContext(deps, (text) => speech.say(text, 'info'));
  const { settings, access, models, spending } = ctx;

  const {
    speech,
    player,
    readBack,
    offline,
    close: closeSpeech,
    ...speaking
  } = createSpeech(ctx, { write: deps.write, onListening: () => setup.greet() });
  const setup = await createSetup(ctx, { speech, settingsSaved });
  const reading = new ReadingService(ctx, speech);
  const screen = new ScreenService(ctx);
  const { assistant, ...describing } = createAssistant(ctx, { speech, reading, screen });
  // Each uses the other: the conversation's model starts live description, whose pictures join it.
  const talking = createConversation(ctx, { speech, screen, player, live: (action) => live.camera.tool(action) });
  const feedback = await createFeedback(ctx, { answer: (id) => assistant.answer(id) });
  const live = createLive(ctx, { speech, conversation: talking.conversation, now: deps.now });
  const watch = createWatch(ctx, { speech, screen, now: deps.now });
  const pageReading = createDocument(ctx, { speech, reading, assistant, now: deps.now });
  const updates = createUpdates(ctx, { source: deps.updates, say: (text) => speech.say(text, 'info') });

  const handlers = {
    'app.info': () => ({
      name: 'Lumen',
      version: deps.version,
      host: deps.host,
      platform: deps.platform,
      capabilities: { screenCapture: !!deps.screen, globalHotkeys: !!deps.shortcuts }
    }),
    'app.ping': ({ nonce }) => ({ nonce }),
    ...modelsHandlers(ctx),
    ...historyHandlers(ctx, forgetAll),
    // After the others' reactions to a change of settings, so the window hears of it last.
    ...settingsHandlers(ctx, deps.shortcuts),
    ...access.handlers({
      keyChanged: () => {
        speech.resetHealth();
        void models.refresh();
      },
      modelsListed: (list, endpoint) => {
        models.adopt(list, endpoint);
        models.announceShutdowns();
      },
      fetchImpl: deps.fetchImpl
    }),
    ...spending.handlers(readBack),
    ...ctx.page.handlers(),
    ...speaking.handlers,
    ...reading.handlers(),
    ...screen.handlers(),
    ...describing.handlers,
    // The app's Stop also ends reading with the camera, at whatever step it is (said after the silence).
    'assistant.stop': (input) => {
      const stopped = describing.handlers['assistant.stop'](input);
      pageReading.guide.stop();
      return stopped;
    },
    ...talking.handlers,
    ...setup.handlers,
    ...feedback.handlers,
    ...live.handlers,
    ...watch.handlers,
    ...pageReading.handlers,
    ...updates.handlers
  } satisfies InvokeHandlers;
  const streams = {
    'diag.echo': (sink) => ({ onData: (chunk) => sink.send(chunk), onClose: () => {} }),
    ...speaking.streams,
    ...talking.streams
  } satisfies StreamHandlers;
  const router = new Router(handlers, streams, { logger: ctx.logger, timeoutMs: deps.routerTimeoutMs });

  const failedShortcuts = deps.shortcuts ? applyShortcuts(deps.shortcuts, settings.get().shortcuts).length : 0;
  // The start-up list of models (when a key is set), also the connection's warm-up.
  const listed = models.refresh();
  models.start();
  const warmUp = warmUpOnce(firstDescribeSteps({ recognizer: ctx.recognizer, offline, listed }), ctx.logger);

  return {
    router,
    settings,
    speech,
    assistant,
    live: live.camera,
    startupNotices: startupNotices({
      ...found,
      feedback: feedback.notice,
      unsafeEndpoint: baseUrlProblem(settings.get().endpoint, deps.env),
      setup: setup.notice,
      failedShortcuts
    }),
    subscribe: (listener) => ctx.events.onAny(listener),
    announce: ctx.announce,
    endpoint: access.endpoint,
    away: (why: SystemAway) => {
      live.away(why);
      watch.away(why);
      pageReading.away(why);
    },
    prepareOfflineVoice: () => offline.prepare().catch(() => undefined),
    // A command ends before warming would pay off; it starts what it uses.
    warmUp: deps.host === 'cli' ? async () => [] : warmUp,
    workerStats: () => ({
      textReading: ctx.recognizer.stats(),
      offlineVoice: { workersStarted: offline.espeak.stats.workersStarted }
    }),
    close: async () => {
      await Promise.all([ctx.recognizer.close(), closeSpeech(), spending.flushed(), models.flushed()]);
    }
  };
}
