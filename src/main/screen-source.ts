import { desktopCapturer, screen, systemPreferences, type Display as ElectronDisplay } from 'electron';
import type { CaptureOptions, Display, ScreenSource, Screenshot } from '../core/ports';
import { LumenError } from '../shared/errors';

const MAC_PERMISSION =
  'Lumen needs permission to see the screen. Open System Settings, Privacy and Security, Screen Recording, turn on Lumen, then restart Lumen.';

/**
 * Screenshots through desktopCapturer. "The active window" is the frontmost window that is not
 * Lumen's own: window sources come in front-to-back order. A capture given a source id takes that
 * window wherever it is, so a watched window is followed when another comes in front.
 */
export class DesktopScreenSource implements ScreenSource {
  constructor(private readonly isOwnWindow: (name: string) => boolean) {}

  displays(): Display[] {
    const primary = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((d, i) => ({
      id: String(d.id),
      name: d.label || `Display ${i + 1}`,
      primary: d.id === primary,
      width: Math.round(d.size.width * d.scaleFactor),
      height: Math.round(d.size.height * d.scaleFactor)
    }));
  }

  private display(id: string | undefined): ElectronDisplay {
    return screen.getAllDisplays().find((d) => String(d.id) === id) ?? screen.getPrimaryDisplay();
  }

  /** The windows open now, front to back, by name; no thumbnails are drawn for them. Not Lumen's own. */
  async visibleWindows(): Promise<string[]> {
    const sources = await desktopCapturer.getSources({
      types: ['window'],
      thumbnailSize: { width: 0, height: 0 },
      fetchWindowIcons: false
    });
    return sources.map((s) => s.name).filter((name) => name !== '' && !this.isOwnWindow(name));
  }

  async capture(target: 'screen' | 'window', options: CaptureOptions = {}): Promise<Screenshot> {
    if (process.platform === 'darwin') {
      const status = systemPreferences.getMediaAccessStatus('screen');
      if (status === 'denied' || status === 'restricted') throw new LumenError('UNAVAILABLE', MAC_PERMISSION);
    }
    const display = this.display(options.displayId);
    const full = {
      width: Math.round(display.size.width * display.scaleFactor),
      height: Math.round(display.size.height * display.scaleFactor)
    };
    const thumbnailSize = options.fit ? options.fit(full.width, full.height) : full;
    const sources = await desktopCapturer.getSources({ types: [target], thumbnailSize });
    const source = options.sourceId
      ? sources.find((s) => s.id === options.sourceId)
      : target === 'screen'
        ? (sources.find((s) => s.display_id === String(display.id)) ?? sources[0])
        : sources.find((s) => !this.isOwnWindow(s.name));
    if (!source && options.sourceId) {
      throw new LumenError('GONE', target === 'window' ? 'That window has closed.' : 'That screen is gone.');
    }
    if (!source) {
      throw new LumenError(
        'UNAVAILABLE',
        target === 'window' ? 'Lumen found no window to describe.' : 'Lumen found no screen to capture.'
      );
    }
    if (source.thumbnail.isEmpty()) {
      throw new LumenError(
        'UNAVAILABLE',
        process.platform === 'darwin' ? MAC_PERMISSION : 'The screenshot came back empty. Please try again.'
      );
    }
    const size = source.thumbnail.getSize();
    // JPEG at high quality: a fraction of the PNG's encoding time for a 4K screen, and core re-encodes anyway.
    return {
      image: new Uint8Array(source.thumbnail.toJPEG(92)),
      width: size.width,
      height: size.height,
      name: source.name,
      sourceId: source.id
    };
  }
}
