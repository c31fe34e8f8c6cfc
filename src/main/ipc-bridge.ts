import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type MessagePortMain, type WebContents } from 'electron';
import type { Router } from '../core/router';
import { INVOKE_CHANNELS, IPC_STREAM_OPEN, ipcName, type EventChannel } from '../shared/contract';
import type { Result } from '../shared/errors';

const FORBIDDEN = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'This request did not come from Lumen’s own window.' }
} as const satisfies Result<never>;

type TrustCheck = (event: IpcMainEvent | IpcMainInvokeEvent) => boolean;

/** One ipcMain.handle per invoke channel of the contract, each behind the sender check. */
export function registerIpc(router: Router, trusted: TrustCheck): () => void {
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(ipcName(channel), (event, payload: unknown) =>
      trusted(event) ? router.invoke(channel, payload) : FORBIDDEN
    );
  }
  const onStreamOpen = (event: IpcMainEvent, message: unknown) => {
    const port = event.ports[0];
    if (!port) return;
    if (!trusted(event)) {
      port.postMessage({ closed: true, error: FORBIDDEN.error });
      port.close();
      return;
    }
    openStream(router, (message as { channel?: unknown } | null)?.channel, port);
  };
  ipcMain.on(IPC_STREAM_OPEN, onStreamOpen);
  return () => {
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(ipcName(channel));
    ipcMain.removeListener(IPC_STREAM_OPEN, onStreamOpen);
  };
}

/** Binary chunks travel as Uint8Array messages; a control message `{closed, error}` ends the pipe. */
function openStream(router: Router, channel: unknown, port: MessagePortMain) {
  const opened = router.openStream(channel, {
    send: (chunk) => port.postMessage(chunk),
    close: (error) => {
      port.postMessage({ closed: true, ...(error ? { error } : {}) });
      port.close();
    }
  });
  if (!opened.ok) {
    port.postMessage({ closed: true, error: opened.error });
    port.close();
    return;
  }
  const session = opened.value;
  port.on('message', ({ data }) => {
    if (data instanceof Uint8Array) session.onData(data);
    else if (data instanceof ArrayBuffer) session.onData(new Uint8Array(data));
  });
  port.on('close', () => session.onClose());
  port.start();
}

/** Sends a validated event to each of our windows that is still alive. */
export function sendEvent(
  router: Router,
  targets: () => readonly WebContents[],
  channel: EventChannel,
  payload: unknown
): void {
  const checked = router.checkEvent(channel, payload);
  if (!checked.ok) return;
  for (const contents of targets()) {
    if (!contents.isDestroyed()) contents.send(ipcName(channel), checked.value);
  }
}
