import { useId, useState } from 'react';
import type { WatchStatus } from '../../../shared/contract';
import type { WatchOptions } from '../capture/useWatch';
import { spokenCost } from '../../../shared/spoken-cost';

interface Props {
  watches: WatchStatus[];
  onWatchRegion(options: WatchOptions): void;
  onWatchWindow(options: WatchOptions): void;
  onStop(id: string): void;
}

/** One running watch in a sentence: what it watches, how often it changed, what describing cost. */
export function watchSummary(watch: WatchStatus): string {
  const what = watch.area === 'window' ? 'a window' : 'a region';
  const changes = `${watch.changes} ${watch.changes === 1 ? 'change' : 'changes'}`;
  if (!watch.describeChanges && watch.pictures === 0) return `${watch.name}: ${what}, ${changes}, read offline.`;
  const cost = spokenCost(watch.costUsd);
  return `${watch.name}: ${what}, ${changes}, ${watch.pictures} described, ${cost}.`;
}

/**
 * Watch the screen: a region (chosen on the keypad grid or by dragging) or a window, read offline
 * when it changes and, if chosen, described. Each watch running is listed with its own Stop button.
 */
export function WatchPanel({ watches, onWatchRegion, onWatchWindow, onStop }: Props) {
  const id = useId();
  const [name, setName] = useState('');
  const [describeChanges, setDescribeChanges] = useState(false);
  const options = () => {
    setName('');
    return { name, describeChanges };
  };
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Watch the screen</h3>
      <p id={`${id}-hint`} className="hint">
        Lumen looks at a part of the screen twice a second and says the new text when it changes, read on this computer:
        a download, a chat, captions.
      </p>
      <label htmlFor={`${id}-name`}>Name of the next watch (optional)</label>
      <input
        id={`${id}-name`}
        type="text"
        maxLength={60}
        autoComplete="off"
        value={name}
        onChange={(e) => setName(e.target.value)}
        aria-describedby={`${id}-name-hint`}
      />
      <p id={`${id}-name-hint`} className="hint">
        Left empty, a window is named after its title and a region “Region 1”.
      </p>
      <div className="checkbox">
        <input
          id={`${id}-describe`}
          type="checkbox"
          checked={describeChanges}
          onChange={(e) => setDescribeChanges(e.target.checked)}
          aria-describedby={`${id}-describe-hint`}
        />
        <label htmlFor={`${id}-describe`}>Describe changes</label>
      </div>
      <p id={`${id}-describe-hint`} className="hint">
        Also sends each changed picture, through the privacy shield, for a one-sentence description. Needs the API key;
        it costs a little each change.
      </p>
      <div className="actions">
        <button type="button" onClick={() => onWatchRegion(options())} aria-describedby={`${id}-hint`}>
          Watch a region
        </button>
        <button type="button" onClick={() => onWatchWindow(options())} aria-describedby={`${id}-hint`}>
          Watch this window
        </button>
      </div>
      <h4 id={`${id}-running`}>Watches running</h4>
      {watches.length ? (
        <ul aria-labelledby={`${id}-running`} data-testid="watch-list">
          {watches.map((watch) => (
            <li key={watch.id}>
              <span>{watchSummary(watch)}</span>{' '}
              <button type="button" onClick={() => onStop(watch.id)} aria-label={`Stop watching ${watch.name}`}>
                Stop
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p data-testid="watch-list">No watches running.</p>
      )}
    </section>
  );
}
