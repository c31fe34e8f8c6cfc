import { useId, type KeyboardEvent } from 'react';
import { ASK_CLOUD_TO_READ, GUIDE_CUE_WORDS, type DocumentStatus, type ReadAction } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { SHORTCUT_LABELS, type ShortcutAction } from '../../../shared/shortcuts';
import { useCloudReading } from '../capture/useCloudReading';
import type { ReadingPosition, ReadTarget } from '../capture/useReading';
import { readableAccelerator } from '../commands';

interface Props {
  settings: Settings | null;
  platform: string;
  position: ReadingPosition | null;
  busy: boolean;
  onRead(target: ReadTarget): void;
  onNavigate(action: ReadAction): void;
  camera: { status: DocumentStatus; running: boolean; toggle(): void; stop(): void };
}

export const READ_COMMANDS: Array<{ action: ShortcutAction; target: ReadTarget }> = [
  { action: 'readScreenText', target: 'screen' },
  { action: 'readWindowText', target: 'window' },
  { action: 'readRegionText', target: 'region' }
];

const MOVES: Array<{ action: ReadAction; label: string }> = [
  { action: 'previous-paragraph', label: 'Previous paragraph' },
  { action: 'previous-line', label: 'Previous line' },
  { action: 'previous-word', label: 'Previous word' },
  { action: 'next-word', label: 'Next word' },
  { action: 'next-line', label: 'Next line' },
  { action: 'next-paragraph', label: 'Next paragraph' },
  { action: 'repeat', label: 'Repeat line' },
  { action: 'spell-word', label: 'Spell word' },
  { action: 'where', label: 'Where is it?' }
];

/*
 * Keys in the text reader. It is an application region, so screen readers pass keys to it instead
 * of using them for browse mode. Arrows and single letters stay inside it; Tab, Escape and every
 * screen-reader key (Insert, Caps Lock, Control+Option) keep their usual meaning. A paragraph
 * is Control with Up or Down, or Alt (Option) with them, since macOS keeps Control+Up for itself.
 */
export function keyToAction(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'shiftKey'>) {
  if (e.metaKey) return undefined;
  const paragraph = e.ctrlKey || e.altKey;
  switch (e.key) {
    case 'ArrowDown':
      return paragraph ? 'next-paragraph' : 'next-line';
    case 'ArrowUp':
      return paragraph ? 'previous-paragraph' : 'previous-line';
    case 'PageDown':
      return 'next-paragraph';
    case 'PageUp':
      return 'previous-paragraph';
  }
  if (paragraph) return undefined;
  const keys: Record<string, ReadAction> = {
    ArrowRight: 'next-word',
    ArrowLeft: 'previous-word',
    s: 'spell-word',
    S: 'spell-word',
    w: 'where',
    W: 'where',
    r: 'repeat',
    R: 'repeat',
    Enter: 'repeat'
  };
  return keys[e.key];
}

/** Keys in the text reader, listed on the Keys page. */
export const TEXT_READER_KEYS: Array<[string, string]> = [
  ['Down Arrow, Up Arrow', 'Next line, previous line'],
  [
    'Control + Down Arrow, Control + Up Arrow (Option with the arrows on a Mac; or Page Down, Page Up)',
    'Next paragraph, previous paragraph'
  ],
  ['Right Arrow, Left Arrow', 'Next word, previous word'],
  ['S', 'Spell the current word'],
  ['W', 'Where is it: the line’s place on the screen, as a clock direction'],
  ['R or Enter', 'Repeat the current line'],
  ['C', `${ASK_CLOUD_TO_READ}: when many words of a page were unclear, send it to be read`]
];

/** What reading with the camera is doing, in one sentence. */
export function cameraReadingSummary(status: DocumentStatus): string {
  if (status.state === 'reading') return 'Reading the page…';
  if (status.state === 'guiding')
    return `The camera is on. ${status.cue ? GUIDE_CUE_WORDS[status.cue] : 'Hold the page in front of it.'}`;
  return 'Hold a letter or a page in front of the camera: Lumen says how to move it, then reads it.';
}

/** Reading screen text aloud, offline, and moving through it line by line from the keyboard. */
export function ReadingPanel({ settings, platform, position, busy, onRead, onNavigate, camera }: Props) {
  const hintId = useId();
  const cameraStatusId = useId();
  const cloud = useCloudReading();
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (cloud.offered && (e.key === 'c' || e.key === 'C') && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      return void cloud.ask();
    }
    const action = keyToAction(e);
    if (!action) return;
    e.preventDefault();
    onNavigate(action);
  };
  // Escape here ends reading with the camera (and only that: not the window's own Escape).
  const onCameraKey = (e: KeyboardEvent<HTMLLIElement>) => {
    if (e.key !== 'Escape' || !camera.running) return;
    e.preventDefault();
    camera.stop();
  };
  const accelerator = (action: ShortcutAction) => {
    const accel = settings?.shortcuts[action];
    return accel ? readableAccelerator(accel, platform) : '';
  };
  const hotkey = (action: ShortcutAction) =>
    accelerator(action) ? <span className="hotkey">{accelerator(action)}</span> : null;

  const where = !position
    ? 'Nothing read yet. Read the screen, a window, a region or a page with the camera first.'
    : position.lines === 0
      ? 'No text was found.'
      : `Line ${position.line} of ${position.lines}.`;

  return (
    <section aria-labelledby="reading-heading">
      <h2 id="reading-heading">Read text</h2>
      <p>Reads text aloud offline, in reading order, with no key and no network.</p>
      <ul className="command-list">
        {READ_COMMANDS.map(({ action, target }) => (
          <li key={action}>
            <button type="button" onClick={() => onRead(target)} aria-disabled={busy || undefined}>
              {SHORTCUT_LABELS[action]}
            </button>
            {hotkey(action)}
          </li>
        ))}
        <li onKeyDown={onCameraKey}>
          <button type="button" onClick={camera.toggle} aria-describedby={cameraStatusId}>
            {camera.running ? 'Stop reading with the camera' : SHORTCUT_LABELS.readWithCamera}
          </button>
          {hotkey('readWithCamera')}
        </li>
        {cloud.offered && (
          <li>
            <button type="button" onClick={() => void cloud.ask()} aria-disabled={cloud.asking || undefined}>
              {ASK_CLOUD_TO_READ}
            </button>
            <span className="hotkey">C in the text reader</span>
          </li>
        )}
      </ul>
      <p id={cameraStatusId} data-testid="camera-reading-status">
        {cameraReadingSummary(camera.status)}
      </p>
      <div
        role="application"
        tabIndex={0}
        aria-label="Text reader"
        aria-describedby={hintId}
        className="text-reader"
        data-testid="text-reader"
        onKeyDown={onKeyDown}
      >
        <p data-testid="reading-position">{where}</p>
        {position?.text && <p data-testid="reading-current">{position.text}</p>}
      </div>
      <p id={hintId} className="hint">
        Down and Up Arrows move by line, Control with them by paragraph, Right and Left Arrows by word. S spells, W says
        where, R repeats{cloud.offered ? ', C asks the cloud to read the page' : ''}.
      </p>
      <div className="actions" role="group" aria-label="Move through the text">
        {MOVES.map(({ action, label }) => (
          <button key={action} type="button" onClick={() => onNavigate(action)}>
            {label}
          </button>
        ))}
      </div>
    </section>
  );
}
