import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useAnnouncer } from '../announcer';
import { CELL_KEYS, cellName, toPixels, WHOLE, zoomInto, type Region } from './region';

interface Props {
  bitmap: ImageBitmap;
  onChoose(region: Region): void;
  onClose(): void;
  /** What Enter does with the part chosen: describe it (default), read its text aloud, or watch it. */
  purpose?: 'describe' | 'read' | 'watch';
}

const VERBS = {
  describe: { enter: 'Enter describes it.', button: 'Describe this part' },
  read: { enter: 'Enter reads its text.', button: 'Read this part' },
  watch: { enter: 'Enter watches it.', button: 'Watch this part' }
} as const;

const help = (enter: string) =>
  `Press a number from 1 to 9 to zoom into that part, laid out like a number pad. ${enter} Escape goes back.`;

/**
 * Chooses part of a screenshot without a mouse: a 3×3 grid numbered like a keypad, zooming one
 * cell per key press. People with some sight can also drag a rectangle.
 */
export function RegionSelector({ bitmap, onChoose, onClose, purpose = 'describe' }: Props) {
  const { announce } = useAnnouncer();
  const verb = VERBS[purpose];
  const helpText = help(verb.enter);
  const [path, setPath] = useState<string[]>([]);
  const dialog = useRef<HTMLDialogElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const drag = useRef<{ x: number; y: number } | null>(null);
  const [box, setBox] = useState<{ x: number; y: number; w: number; h: number } | null>(null);
  const region = path.reduce<Region>((r, key) => zoomInto(r, key) ?? r, WHOLE);

  useEffect(() => {
    dialog.current?.showModal();
    // Focus on the dialog itself (not its first button), so Enter describes and digits zoom.
    dialog.current?.focus();
    announce(`Choose a region. ${helpText}`);
  }, [announce, helpText]);

  useEffect(() => {
    const c = canvas.current;
    const context = c?.getContext('2d');
    if (!c || !context) return;
    const px = toPixels(region, bitmap.width, bitmap.height);
    c.width = px.width;
    c.height = px.height;
    context.drawImage(bitmap, px.x, px.y, px.width, px.height, 0, 0, px.width, px.height);
  }, [bitmap, region]);

  const zoom = (key: string) => {
    const next = zoomInto(region, key);
    if (!next) return;
    setPath((p) => [...p, key]);
    announce(`Zoomed into ${key}, ${cellName(key)}. Zoom level ${path.length + 2}. ${verb.enter}`);
  };

  const back = () => {
    if (path.length === 0) return onClose();
    setPath((p) => p.slice(0, -1));
    announce(path.length === 1 ? 'Back to the whole screen.' : `Back to zoom level ${path.length}.`);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if ((CELL_KEYS as readonly string[]).includes(e.key)) {
      e.preventDefault();
      zoom(e.key);
    } else if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      e.preventDefault();
      onChoose(region);
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      back();
    }
  };

  // Dragging picks a rectangle inside what is shown, in fractions of the whole picture.
  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: (e.clientX - rect.left) / rect.width, y: (e.clientY - rect.top) / rect.height };
  };
  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    drag.current = point(e);
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    if (!drag.current) return;
    const p = point(e);
    const start = drag.current;
    setBox({
      x: Math.min(start.x, p.x),
      y: Math.min(start.y, p.y),
      w: Math.abs(p.x - start.x),
      h: Math.abs(p.y - start.y)
    });
  };
  const onPointerUp = () => {
    drag.current = null;
    if (box && box.w > 0.02 && box.h > 0.02) {
      onChoose({
        x: region.x + box.x * region.width,
        y: region.y + box.y * region.height,
        width: box.w * region.width,
        height: box.h * region.height
      });
    }
    setBox(null);
  };

  return (
    <dialog
      ref={dialog}
      className="region-selector"
      aria-labelledby="region-title"
      aria-describedby="region-help"
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        e.preventDefault();
        back();
      }}
    >
      <h2 id="region-title">Choose a region</h2>
      <p id="region-help">{helpText}</p>
      <p data-testid="region-path">
        {path.length ? `Zoomed into ${path.join(', then ')}.` : 'Showing the whole screen.'}
      </p>
      <div className="region-view">
        <canvas
          ref={canvas}
          aria-hidden="true"
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
        />
        <div className="region-grid" aria-hidden="true">
          {CELL_KEYS.map((key) => (
            <span key={key}>{key}</span>
          ))}
        </div>
        {box && (
          <div
            className="region-box"
            style={{
              left: `${box.x * 100}%`,
              top: `${box.y * 100}%`,
              width: `${box.w * 100}%`,
              height: `${box.h * 100}%`
            }}
          />
        )}
      </div>
      <div className="region-keypad" role="group" aria-label="Zoom into a part">
        {CELL_KEYS.map((key) => (
          <button key={key} type="button" onClick={() => zoom(key)} aria-label={`Zoom into ${key}, ${cellName(key)}`}>
            {key}
          </button>
        ))}
      </div>
      <div className="actions">
        <button type="button" onClick={() => onChoose(region)}>
          {verb.button}
        </button>
        <button type="button" onClick={back}>
          Back
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
