import { LumenError } from '../../shared/errors';
import { uploadSize } from '../../shared/image-size';
import type { CoreContext } from '../context';
import type { ScreenSource } from '../ports';
import type { InvokeHandlers } from '../router';

/**
 * Screenshots: taken by the host where it can (Electron), otherwise by the page. Remembers which
 * windows were open when the page was last given a screenshot, from which it cuts regions, for the
 * deny list.
 */
export class ScreenService {
  private pageShotWindows: string[] | undefined;

  constructor(private readonly ctx: CoreContext) {
    ctx.onForget(() => (this.pageShotWindows = undefined));
  }

  /** The host's own screenshots; undefined where the page captures. */
  get source(): ScreenSource | undefined {
    return this.ctx.screen;
  }

  /** The windows on the screen, where the host can list them: a picture of the screen names none itself. */
  get listWindows(): (() => Promise<string[]>) | undefined {
    return this.ctx.screen?.visibleWindows?.bind(this.ctx.screen);
  }

  /** The host captures at the size that is sent, so a 4K screenshot is never made only to be shrunk. */
  captureForUpload(target: 'screen' | 'window') {
    const screen = this.hostScreen();
    const { assistant, capture } = this.ctx.settings.get();
    return screen.capture(target, { fit: (w, h) => uploadSize(w, h, assistant.detail), displayId: capture.displayId });
  }

  /** A picture of the screen or a region from the page carries the windows open when it was taken. */
  withPageShot<T extends { source: string }>(input: T): T & { windowsAtCapture?: string[] } {
    return input.source === 'screen' || input.source === 'region'
      ? { ...input, windowsAtCapture: this.pageShotWindows }
      : input;
  }

  handlers(): Pick<InvokeHandlers, 'screen.displays' | 'screen.capture'> {
    return {
      'screen.displays': () => ({ supported: !!this.ctx.screen, displays: this.ctx.screen?.displays() ?? [] }),
      'screen.capture': async ({ target, sourceId }) => {
        const screen = this.hostScreen('This host cannot take screenshots itself; the window captures the screen.');
        const windows = target === 'screen' && this.listWindows ? this.listWindows().catch(() => undefined) : undefined;
        const shot = await screen.capture(target, { displayId: this.ctx.settings.get().capture.displayId, sourceId });
        if (windows) this.pageShotWindows = await windows;
        return shot;
      }
    };
  }

  private hostScreen(message = 'This host cannot take screenshots itself.'): ScreenSource {
    if (!this.ctx.screen) throw new LumenError('UNSUPPORTED', message);
    return this.ctx.screen;
  }
}
