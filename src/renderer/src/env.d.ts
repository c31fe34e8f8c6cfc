import type { LumenApi } from '../../shared/api';
import type { PlayerDiagnostics } from './speech/pcm-player';

declare global {
  interface Window {
    /** Provided by the Electron preload or by the web host's shim; the renderer never knows which. */
    lumen: LumenApi;
    /** Read-only numbers for tests and benchmarks; nothing in the app depends on them. */
    lumenDiagnostics?: { player?: PlayerDiagnostics };
  }
}
