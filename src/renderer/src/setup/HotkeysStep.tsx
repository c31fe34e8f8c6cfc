import { useCallback, useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { ShortcutReport } from '../../../shared/contract';
import { SHORTCUT_ACTIONS, SHORTCUT_LABELS, type ShortcutAction } from '../../../shared/shortcuts';
import { readableAccelerator } from '../commands';
import { useSay } from '../useSay';
import { catchHotkeys } from './hotkey-catcher';
import { matchesAccelerator } from './hotkey-match';
import type { StepProps } from './step';

interface Props extends Pick<StepProps, 'settings' | 'onFinished'> {
  platform: string;
  /** The desktop app has hotkeys that work from any app; a browser does not. */
  globalHotkeys: boolean;
}

/**
 * The hotkeys, and a place to practise them: while this step has focus, a hotkey says its command's
 * name instead of running it (in the desktop app, the global hotkey is caught too).
 */
export function HotkeysStep({ settings, platform, globalHotkeys, onFinished }: Props) {
  const say = useSay();
  const [report, setReport] = useState<ShortcutReport | null>(null);
  const [pressed, setPressed] = useState('');
  const practice = useId();

  useEffect(() => {
    void window.lumen.shortcuts.status().then((r) => r.ok && setReport(r.value));
  }, []);

  const tell = useCallback(
    (action: ShortcutAction) => {
      setPressed(SHORTCUT_LABELS[action]);
      void say(SHORTCUT_LABELS[action]);
    },
    [say]
  );
  useEffect(() => catchHotkeys(tell), [tell]);

  const onKeyDown = (e: KeyboardEvent) => {
    const action = SHORTCUT_ACTIONS.find((a) => matchesAccelerator(e, settings.shortcuts[a], platform));
    if (!action) return;
    e.preventDefault();
    tell(action);
  };

  const broken = report?.supported ? report.entries.filter((e) => !e.registered) : [];
  return (
    <div onKeyDown={onKeyDown}>
      <p>
        {globalHotkeys
          ? 'These hotkeys work while any app is in front. Press one now to hear what it does; during this step it does nothing else.'
          : 'In the desktop app these hotkeys work while any app is in front; in a browser they do not. Press one here to hear what it does.'}
      </p>
      {broken.length > 0 && (
        <div className="setup-problem">
          <p>{broken.length === 1 ? 'This hotkey is not working:' : 'These hotkeys are not working:'}</p>
          <ul>
            {broken.map((e) => (
              <li key={e.action}>
                {SHORTCUT_LABELS[e.action]}, {readableAccelerator(e.accelerator, platform)}:{' '}
                {e.problem ?? 'not working'}
              </li>
            ))}
          </ul>
          <p>Settings can change them.</p>
        </div>
      )}
      <label htmlFor={practice}>Press a hotkey here</label>
      <input id={practice} type="text" readOnly value={pressed} className="setup-practice" />
      <table>
        <caption className="visually-hidden">Hotkeys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">Hotkey</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUT_ACTIONS.map((action) => (
            <tr key={action}>
              <th scope="row">{SHORTCUT_LABELS[action]}</th>
              <td>{readableAccelerator(settings.shortcuts[action], platform)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={onFinished}>
          Continue
        </button>
      </div>
    </div>
  );
}
