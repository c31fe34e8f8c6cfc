import type { LumenApi } from '../../shared/api';

declare global {
  interface Window {
    /** Provided by the Electron preload or by the web host's shim; the renderer never knows which. */
    lumen: LumenApi;
  }
}
