import { contextBridge, ipcRenderer } from 'electron';
import { buildLumenApi, type StreamHandle, type Transport } from '../shared/api';
import { IPC_STREAM_OPEN, ipcName } from '../shared/channels';
import type { LumenErrorShape, Result } from '../shared/errors';

/** The contract's API and nothing else: the page never sees ipcRenderer itself. */
const transport: Transport = {
  async invoke(channel, request) {
    try {
      return (await ipcRenderer.invoke(ipcName(channel), request)) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'INTERNAL', message: 'Lumen’s main process did not answer.' } };
    }
  },
  subscribe(channel, listener) {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcName(channel), wrapped);
    return () => ipcRenderer.removeListener(ipcName(channel), wrapped);
  },
  openStream(channel): StreamHandle {
    const { port1, port2 } = new MessageChannel();
    const data = new Set<(chunk: Uint8Array) => void>();
    const closed = new Set<(error?: LumenErrorShape) => void>();
    let ended = false;
    const end = (error?: LumenErrorShape) => {
      if (ended) return;
      ended = true;
      port1.close();
      closed.forEach((l) => l(error));
    };
    port1.onmessage = ({ data: message }) => {
      if (message instanceof Uint8Array) data.forEach((l) => l(message));
      else if (message?.closed) end(message.error);
    };
    ipcRenderer.postMessage(IPC_STREAM_OPEN, { channel }, [port2]);
    return {
      send: (chunk) => {
        if (!ended) port1.postMessage(chunk);
      },
      onData: (l) => (data.add(l), () => data.delete(l)),
      onClose: (l) => (closed.add(l), () => closed.delete(l)),
      close: () => end()
    };
  }
};

contextBridge.exposeInMainWorld('lumen', buildLumenApi(transport));
