import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode, type RefObject } from 'react';
import type { KeyStatus, ShortcutReport } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { SHORTCUT_LABELS } from '../../../shared/shortcuts';
import { useAnnouncer } from '../announcer';
import { readableAccelerator } from '../commands';
import { DescribeSettings } from './DescribeSettings';
import { FeedbackSettings } from './FeedbackSettings';
import { HistorySettings } from './HistorySettings';
import { ModelSettings } from './ModelSettings';
import { PrivacySettings } from './PrivacySettings';
import { ReadingSettings } from './ReadingSettings';
import { SpeechSettings } from './SpeechSettings';
import { SpendingSettings } from './SpendingSettings';
import { ConversationSettings } from './ConversationSettings';
import { RunSetupAgain } from '../setup/RunSetupAgain';
import { AppearanceSettings } from './AppearanceSettings';
import { LiveSettings } from './LiveSettings';
import { SETTINGS_PAGES, type SettingsPage } from './settings-pages';

interface Props {
  headingRef: RefObject<HTMLHeadingElement | null>;
  settings: Settings | null;
  onSettings(settings: Settings): void;
  platform: string;
}

/**
 * Whom the key is for, in one or two sentences. A key held back from the endpoint in use (it was
 * entered for another one) is said plainly, with what to do: enter the key for this endpoint.
 */
export function describeKeyStatus(status: KeyStatus): string {
  if (!status.keySet) return status.withheld ?? 'No API key is set.';
  if (status.source === 'environment') {
    const also = status.withheld ? ` ${status.withheld}` : '';
    return `Key set for ${status.endpoint}, from the OPENAI_API_KEY environment variable.${also}`;
  }
  const how = {
    encrypted: 'stored encrypted on this computer',
    file: 'stored in a file only your account can read',
    memory: 'kept in memory only; it will be forgotten when Lumen closes'
  }[status.storage];
  return `Key set for ${status.boundTo ?? status.endpoint}, ${how}.`;
}

/** After the endpoint changed: what the user must know about the key, or nothing when it still goes there. */
export function keyAfterEndpointChange(status: KeyStatus): string {
  return status.forEndpoint ? '' : ` ${describeKeyStatus(status)}`;
}

interface ScreenProps extends Props {
  page: SettingsPage;
  onPage(page: SettingsPage): void;
}

/**
 * Settings, one page at a time, with a list to move between the pages. Choosing a page moves focus
 * to its first heading, so a screen reader says where the user is.
 */
export function SettingsScreen({ headingRef, settings, onSettings, platform, page, onPage }: ScreenProps) {
  const pageRef = useRef<HTMLDivElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    const heading = pageRef.current?.querySelector('h2');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [page]);
  const choose = (next: SettingsPage) => {
    moved.current = true;
    onPage(next);
  };
  const pages: Record<SettingsPage, () => ReactNode> = {
    key: () => (
      <>
        <ApiKeySection endpoint={settings?.endpoint} />
        <EndpointSection settings={settings} onSettings={onSettings} />
        <ConnectionCheck />
      </>
    ),
    speech: () => <SpeechSettings settings={settings} onSettings={onSettings} />,
    appearance: () => <AppearanceSettings settings={settings} onSettings={onSettings} />,
    describing: () => (
      <>
        <DescribeSettings settings={settings} onSettings={onSettings} />
        <LiveSettings settings={settings} onSettings={onSettings} />
      </>
    ),
    reading: () => <ReadingSettings settings={settings} onSettings={onSettings} />,
    conversation: () => <ConversationSettings settings={settings} onSettings={onSettings} />,
    privacy: () => <PrivacySettings settings={settings} onSettings={onSettings} />,
    spending: () => <SpendingSettings settings={settings} onSettings={onSettings} />,
    history: () => <HistorySettings settings={settings} />,
    feedback: () => <FeedbackSettings />,
    hotkeys: () => <ShortcutsSection platform={platform} />,
    models: () => <ModelSettings settings={settings} onSettings={onSettings} />,
    setup: () => (
      <section aria-labelledby="setup-heading">
        <h2 id="setup-heading">Setup</h2>
        <p>
          Goes through the first-run steps again: the key, how Lumen speaks, the microphone, the camera, the hotkeys and
          the spending limit. Every step can be skipped.
        </p>
        <div className="actions">
          <RunSetupAgain />
        </div>
      </section>
    )
  };
  return (
    <>
      <h1 ref={headingRef} tabIndex={-1}>
        Settings
      </h1>
      <div className="settings-layout">
        <nav aria-label="Settings pages" className="page-list">
          <ul>
            {(Object.keys(SETTINGS_PAGES) as SettingsPage[]).map((p) => (
              <li key={p}>
                <button type="button" aria-current={p === page ? 'page' : undefined} onClick={() => choose(p)}>
                  {SETTINGS_PAGES[p]}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div ref={pageRef} className="settings-page" data-testid="settings-page">
          {pages[page]()}
        </div>
      </div>
    </>
  );
}

/** Asks the service whether the key and endpoint work, and says the answer. */
function ConnectionCheck() {
  const { announce } = useAnnouncer();
  const check = async () => {
    announce('Checking the connection…');
    const result = await window.lumen.connection.check();
    if (!result.ok) announce(`The connection check failed: ${result.error.message}`, 'assertive');
    else announce(result.value.message, result.value.ok ? 'polite' : 'assertive');
  };
  return (
    <section aria-labelledby="connection-heading">
      <h2 id="connection-heading">Connection</h2>
      <p>Asks the service whether the key and the endpoint work.</p>
      <div className="actions">
        <button type="button" onClick={check}>
          Check connection
        </button>
      </div>
    </section>
  );
}

/** The key is bound to the endpoint: whenever the endpoint changes, the section says whom the key is for. */
function ApiKeySection({ endpoint }: { endpoint: string | undefined }) {
  const { announce } = useAnnouncer();
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState('');
  const inputId = useId();
  const statusId = useId();
  const errorId = useId();

  useEffect(() => {
    let current = true;
    void window.lumen.secrets.status().then((r) => current && r.ok && setStatus(r.value));
    return () => {
      current = false;
    };
  }, [endpoint]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.secrets.setKey({ key: draft });
    if (!result.ok) {
      setError(result.error.message);
      announce(`The key was not saved. ${result.error.message}`, 'assertive');
      return;
    }
    setDraft('');
    setError('');
    setStatus(result.value);
    announce(`API key saved. ${describeKeyStatus(result.value)}`);
  };

  const clear = async () => {
    const result = await window.lumen.secrets.clearKey();
    if (!result.ok) return announce(`The key was not cleared. ${result.error.message}`, 'assertive');
    setStatus(result.value);
    announce(`API key cleared. ${describeKeyStatus(result.value)}`);
  };

  return (
    <section aria-labelledby="key-heading">
      <h2 id="key-heading">OpenAI API key</h2>
      <p id={statusId} data-testid="key-status">
        {status ? describeKeyStatus(status) : 'Checking for an API key…'}
      </p>
      <form onSubmit={save}>
        <label htmlFor={inputId}>New API key</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${statusId}${error ? ` ${errorId}` : ''}`}
        />
        {error && (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit">Save key</button>
          <button type="button" onClick={clear} disabled={!status?.boundTo}>
            Clear saved key
          </button>
        </div>
      </form>
    </section>
  );
}

function EndpointSection({ settings, onSettings }: Pick<Props, 'settings' | 'onSettings'>) {
  const { announce } = useAnnouncer();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState('');
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const value = draft ?? settings?.endpoint ?? '';

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.settings.update({ endpoint: value });
    if (!result.ok) {
      setError(result.error.message);
      announce(`The endpoint was not saved. ${result.error.message}`, 'assertive');
      return;
    }
    setError('');
    setDraft(null);
    onSettings(result.value);
    // A key entered for another endpoint is not sent to this one: said with the change.
    const key = await window.lumen.secrets.status();
    const saved = result.value.endpoint
      ? `Endpoint saved: ${result.value.endpoint}.`
      : 'Endpoint reset to the default.';
    announce(`${saved}${key.ok ? keyAfterEndpointChange(key.value) : ''}`);
  };

  return (
    <section aria-labelledby="endpoint-heading">
      <h2 id="endpoint-heading">Endpoint</h2>
      <form onSubmit={save}>
        <label htmlFor={inputId}>Endpoint address</label>
        <input
          id={inputId}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => setDraft(e.target.value)}
          aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
          aria-invalid={error ? true : undefined}
        />
        <p id={hintId} className="hint">
          Leave empty to use OpenAI, or the OPENAI_BASE_URL environment variable if it is set. An http:// address must
          be on this computer. A saved key is sent only to the endpoint it was entered for.
        </p>
        {error && (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit">Save endpoint</button>
        </div>
      </form>
    </section>
  );
}

function ShortcutsSection({ platform }: { platform: string }) {
  const [report, setReport] = useState<ShortcutReport | null>(null);
  useEffect(() => {
    void window.lumen.shortcuts.status().then((r) => r.ok && setReport(r.value));
  }, []);
  return (
    <section aria-labelledby="hotkeys-heading">
      <h2 id="hotkeys-heading">Global hotkeys</h2>
      {report && !report.supported && <p>Global hotkeys work in the desktop app only.</p>}
      {report?.supported && (
        <table>
          <caption className="visually-hidden">Global hotkeys and whether each one works</caption>
          <thead>
            <tr>
              <th scope="col">Command</th>
              <th scope="col">Hotkey</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {report.entries.map((e) => (
              <tr key={e.action}>
                <th scope="row">{SHORTCUT_LABELS[e.action]}</th>
                <td>{readableAccelerator(e.accelerator, platform)}</td>
                <td>{e.registered ? 'Working' : (e.problem ?? 'Not working')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
