import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { toBase64 } from '../../../shared/wire';
import { useAnnouncer } from '../announcer';

/** Zoom levels, as multiples of the size that fits the window. */
const ZOOM_LEVELS = [1, 1.5, 2, 3, 4, 6, 8] as const;
/** An arrow key moves a tenth of the window. */
const PAN_SHARE = 0.1;

/** The next zoom level up (+1) or down (−1) from `zoom`, staying within the levels. */
export function nextZoom(zoom: number, step: 1 | -1): number {
  const index = ZOOM_LEVELS.indexOf(zoom as (typeof ZOOM_LEVELS)[number]);
  return ZOOM_LEVELS[Math.min(ZOOM_LEVELS.length - 1, Math.max(0, index + step))]!;
}

export const zoomName = (zoom: number) => `${Math.round(zoom * 100)} %`;

const PAN_KEYS: Record<string, { x: number; y: number; edge: string }> = {
  ArrowLeft: { x: -1, y: 0, edge: 'left' },
  ArrowRight: { x: 1, y: 0, edge: 'right' },
  ArrowUp: { x: 0, y: -1, edge: 'top' },
  ArrowDown: { x: 0, y: 1, edge: 'bottom' }
};

interface Props {
  /** The JPEG that was sent. */
  image: Uint8Array;
  /** What was asked about it, for the picture's name. */
  question: string;
  onClose(): void;
}

/**
 * The picture that was sent, full window: plus and minus zoom, the arrow keys move around, 0 fits
 * it to the window, Escape closes. Each zoom level is announced; motion only when the user allows it.
 */
export function PictureViewer({ image, question, onClose }: Props) {
  const { announce } = useAnnouncer();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [room, setRoom] = useState<{ width: number; height: number } | null>(null);
  // Which point of the picture (as fractions) stays at the window's centre when the zoom changes.
  const centre = useRef({ x: 0.5, y: 0.5 });
  const url = useMemo(() => `data:image/jpeg;base64,${toBase64(image)}`, [image]);

  useEffect(() => {
    const opener = document.activeElement;
    dialog.current?.showModal();
    viewport.current?.focus();
    announce('Showing the picture that was sent. Plus and minus zoom, the arrow keys move around, 0 fits it.');
    // Once the dialog is gone (nothing outside it can take focus while it is open), focus goes back.
    return () => {
      if (opener instanceof HTMLElement) opener.focus();
    };
  }, [announce]);

  useEffect(() => {
    const view = viewport.current;
    if (!view) return;
    const observer = new ResizeObserver(() => setRoom({ width: view.clientWidth, height: view.clientHeight }));
    observer.observe(view);
    return () => observer.disconnect();
  }, []);

  const fit = natural && room ? Math.min(room.width / natural.width, room.height / natural.height) : 0;
  const width = natural ? Math.floor(natural.width * fit * zoom) : undefined;

  useLayoutEffect(() => {
    const view = viewport.current;
    if (!view) return;
    view.scrollLeft = centre.current.x * view.scrollWidth - view.clientWidth / 2;
    view.scrollTop = centre.current.y * view.scrollHeight - view.clientHeight / 2;
  }, [width]);

  const zoomTo = (next: number) => {
    const view = viewport.current;
    if (view && view.scrollWidth > 0) {
      centre.current = {
        x: (view.scrollLeft + view.clientWidth / 2) / view.scrollWidth,
        y: (view.scrollTop + view.clientHeight / 2) / view.scrollHeight
      };
    }
    if (next === 1) centre.current = { x: 0.5, y: 0.5 };
    setZoom(next);
    if (next === 1) announce(`Fitted to the window, ${zoomName(1)}.`);
    else if (next === zoom) announce(`Largest zoom, ${zoomName(next)}.`);
    else announce(zoomName(next));
  };

  const pan = ({ x, y, edge }: (typeof PAN_KEYS)[string]) => {
    const view = viewport.current;
    if (!view) return;
    const left = view.scrollLeft + x * view.clientWidth * PAN_SHARE;
    const top = view.scrollTop + y * view.clientHeight * PAN_SHARE;
    const atStart = x ? view.scrollLeft <= 0 : view.scrollTop <= 0;
    const atEnd = x
      ? view.scrollLeft >= view.scrollWidth - view.clientWidth - 1
      : view.scrollTop >= view.scrollHeight - view.clientHeight - 1;
    if (x + y < 0 ? atStart : atEnd) return announce(`At the ${edge} edge.`);
    const calm = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    view.scrollTo({ left, top, behavior: calm ? 'auto' : 'smooth' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey) return;
    const move = PAN_KEYS[e.key];
    // Escape closes the picture, and only that: the window's own Escape (stop speaking) is left out.
    if (e.key === 'Escape') onClose();
    else if (move) pan(move);
    else if (e.key === '+' || e.key === '=') zoomTo(nextZoom(zoom, 1));
    else if (e.key === '-' || e.key === '_') zoomTo(nextZoom(zoom, -1));
    else if (e.key === '0') zoomTo(1);
    else return;
    e.preventDefault();
  };

  return (
    <dialog
      ref={dialog}
      className="picture-viewer"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-help`}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="picture-viewer-bar">
        <h2 id={`${id}-title`}>Picture sent</h2>
        <p id={`${id}-help`}>
          Plus and minus zoom, the arrow keys move around, 0 fits the picture to the window, Escape closes. Private
          areas were blacked out before it was sent.
        </p>
        <p data-testid="picture-zoom">Zoom: {zoomName(zoom)}</p>
        <div className="actions">
          <button type="button" aria-keyshortcuts="+" onClick={() => zoomTo(nextZoom(zoom, 1))}>
            Zoom in (+)
          </button>
          <button type="button" aria-keyshortcuts="-" onClick={() => zoomTo(nextZoom(zoom, -1))}>
            Zoom out (−)
          </button>
          <button type="button" aria-keyshortcuts="0" onClick={() => zoomTo(1)}>
            Fit (0)
          </button>
          <button type="button" aria-keyshortcuts="Escape" onClick={onClose}>
            Close (Escape)
          </button>
        </div>
      </div>
      <div
        ref={viewport}
        className="picture-viewport"
        tabIndex={0}
        role="group"
        aria-label={`Picture, ${zoomName(zoom)}`}
      >
        <img
          src={url}
          alt={`The picture sent for: ${question}`}
          width={width}
          onLoad={(e) => setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight })}
        />
      </div>
    </dialog>
  );
}
