/**
 * The names and kinds of every IPC channel. Kept free of zod so the preload and the web shim stay
 * small; contract.ts attaches the schemas and the compiler checks the two agree.
 */
export const CHANNELS = {
  'app.info': 'invoke',
  'app.ping': 'invoke',
  'settings.get': 'invoke',
  'settings.update': 'invoke',
  'secrets.status': 'invoke',
  'secrets.setKey': 'invoke',
  'secrets.clearKey': 'invoke',
  'connection.check': 'invoke',
  'shortcuts.status': 'invoke',
  'assistant.ask': 'invoke',
  'assistant.stop': 'invoke',
  'describe.start': 'invoke',
  'describe.more': 'invoke',
  'describe.capture': 'invoke',
  'describe.again': 'invoke',
  'answer.picture': 'invoke',
  'feedback.give': 'invoke',
  'feedback.list': 'invoke',
  'feedback.export': 'invoke',
  'feedback.delete': 'invoke',
  'read.image': 'invoke',
  'read.capture': 'invoke',
  'read.navigate': 'invoke',
  'read.languages': 'invoke',
  'usage.get': 'invoke',
  'models.status': 'invoke',
  'models.switch': 'invoke',
  'history.list': 'invoke',
  'history.forget': 'invoke',
  'conversation.start': 'invoke',
  'conversation.stop': 'invoke',
  'conversation.talk': 'invoke',
  'conversation.mute': 'invoke',
  'conversation.say': 'invoke',
  'conversation.show': 'invoke',
  'screen.capture': 'invoke',
  'screen.displays': 'invoke',
  'speech.speak': 'invoke',
  'speech.control': 'invoke',
  'page.reply': 'invoke',
  'setup.get': 'invoke',
  'setup.update': 'invoke',
  'setup.restart': 'invoke',
  'capture.check': 'invoke',
  'live.start': 'invoke',
  'live.stop': 'invoke',
  'live.frame': 'invoke',
  'document.start': 'invoke',
  'document.stop': 'invoke',
  'document.frame': 'invoke',
  'document.cloud': 'invoke',
  'watch.start': 'invoke',
  'watch.stop': 'invoke',
  'watch.list': 'invoke',
  'watch.frame': 'invoke',
  'update.status': 'invoke',
  'update.download': 'invoke',
  'update.install': 'invoke',
  status: 'event',
  'settings.changed': 'event',
  'shortcut.triggered': 'event',
  'answer.started': 'event',
  'answer.delta': 'event',
  'answer.done': 'event',
  'feedback.changed': 'event',
  'page.request': 'event',
  'page.cancel': 'event',
  'speech.textControl': 'event',
  'speech.state': 'event',
  earcon: 'event',
  'conversation.state': 'event',
  'conversation.caption': 'event',
  'models.changed': 'event',
  'live.state': 'event',
  'read.kept': 'event',
  'document.state': 'event',
  'document.offer': 'event',
  'watch.state': 'event',
  'update.state': 'event',
  'diag.echo': 'stream',
  'speech.audio': 'stream',
  'conversation.mic': 'stream',
  'speech.utterance': 'request',
  'conversation.look': 'request'
} as const;

export type ChannelName = keyof typeof CHANNELS;
export type ChannelKind = (typeof CHANNELS)[ChannelName];
type OfKind<K extends ChannelKind> = { [N in ChannelName]: (typeof CHANNELS)[N] extends K ? N : never }[ChannelName];
export type InvokeChannel = OfKind<'invoke'>;
export type EventChannel = OfKind<'event'>;
export type StreamChannel = OfKind<'stream'>;
/** Core asks the page and waits for its typed reply (carried by page.request, page.reply, page.cancel). */
export type RequestChannel = OfKind<'request'>;

const namesOfKind = <T extends ChannelName>(kind: ChannelKind) =>
  (Object.keys(CHANNELS) as ChannelName[]).filter((name) => CHANNELS[name] === kind) as T[];

export const INVOKE_CHANNELS = namesOfKind<InvokeChannel>('invoke');
export const EVENT_CHANNELS = namesOfKind<EventChannel>('event');
export const STREAM_CHANNELS = namesOfKind<StreamChannel>('stream');
export const REQUEST_CHANNELS = namesOfKind<RequestChannel>('request');

const hasKind = (name: unknown, kind: ChannelKind) =>
  typeof name === 'string' && Object.hasOwn(CHANNELS, name) && CHANNELS[name as ChannelName] === kind;
export const isInvokeChannel = (name: unknown): name is InvokeChannel => hasKind(name, 'invoke');
export const isEventChannel = (name: unknown): name is EventChannel => hasKind(name, 'event');
export const isStreamChannel = (name: unknown): name is StreamChannel => hasKind(name, 'stream');

/** Names as Electron IPC channels: prefixed so they cannot clash with Electron's own. */
export const ipcName = (channel: ChannelName) => `lumen:${channel}`;
export const IPC_STREAM_OPEN = 'lumen:stream-open';
