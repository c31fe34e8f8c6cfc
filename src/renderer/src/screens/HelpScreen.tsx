import type { RefObject } from 'react';
import type { Settings } from '../../../shared/settings';
import { SHORTCUT_ACTIONS, SHORTCUT_LABELS } from '../../../shared/shortcuts';
import { readableAccelerator } from '../commands';
import { TEXT_READER_KEYS } from '../components/ReadingPanel';

interface Props {
  headingRef: RefObject<HTMLHeadingElement | null>;
  settings: Settings | null;
  platform: string;
  /** Whether this host has hotkeys that work from any app (the desktop app does, a browser does not). */
  globalHotkeys: boolean;
}

/** Every key Lumen answers to, on a page of its own so the home screen stays about the jobs. */
export function HelpScreen({ headingRef, settings, platform, globalHotkeys }: Props) {
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Keys
      </h1>
      <section aria-labelledby="window-keys-heading">
        <h2 id="window-keys-heading">Keys in this window</h2>
        <dl className="key-list">
          <dt>Escape</dt>
          <dd>Stop speaking; pressed again, go back to the home screen</dd>
          <dt>Control + Comma</dt>
          <dd>Open settings</dd>
          <dt>Control + Slash</dt>
          <dd>Open this page</dd>
          <dt>Tab and Shift + Tab</dt>
          <dd>Move between controls; Enter or Space uses one</dd>
        </dl>
      </section>
      <section aria-labelledby="reader-keys-heading">
        <h2 id="reader-keys-heading">Keys in the text reader</h2>
        <p>After Read text, the text reader on the home screen takes these keys while it has focus.</p>
        <dl className="key-list">
          {TEXT_READER_KEYS.map(([keys, what]) => (
            <div key={keys}>
              <dt>{keys}</dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="global-keys-heading">
        <h2 id="global-keys-heading">Hotkeys from any app</h2>
        <p>
          {globalHotkeys
            ? 'These work while any app is in front. Settings → Hotkeys shows whether each one is working.'
            : 'These work from any app in the desktop app; in a browser they are not available.'}
        </p>
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
                <td>{settings ? readableAccelerator(settings.shortcuts[action], platform) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
