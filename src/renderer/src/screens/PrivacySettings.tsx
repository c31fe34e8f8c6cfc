import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ReplyOf } from '../../../shared/contract';
import type { Settings } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';
import { hostInfo } from '../host-info';

type Privacy = Settings['privacy'];

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

type HostKind = ReplyOf<'app.info'>['host'];

/** What the deny list can see depends on who captures: the desktop app lists every window itself. */
function denyListHint(host: HostKind | null): string {
  const base = 'One per line. A window whose name contains one of these is never described';
  if (host === 'electron') return `${base}, and neither is the screen or a part of it while such a window is open.`;
  if (host === 'web')
    return (
      `${base}. In a browser, Lumen can check only the name the browser gives the window you share: ` +
      'a whole screen shows windows it cannot check, so close them before sharing the screen.'
    );
  return `${base}.`;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** What Lumen hides or holds back before a picture leaves the computer. */
export function PrivacySettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const [edits, setEdits] = useState<(Omit<Privacy, 'denyList'> & { denyList: string }) | null>(null);
  const [host, setHost] = useState<HostKind | null>(null);
  useEffect(() => {
    void hostInfo().then((info) => info && setHost(info.host));
  }, []);
  const ids = { shield: useId(), deny: useId(), denyHelp: useId(), history: useId(), historyHelp: useId() };
  const draft = edits ?? (settings ? { ...settings.privacy, denyList: settings.privacy.denyList.join('\n') } : null);
  if (!draft) return null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await window.lumen.settings.update({
      privacy: { ...draft, denyList: lines(draft.denyList) }
    });
    if (!result.ok) return announce(`Privacy settings were not saved. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    setEdits(null);
    announce('Privacy settings saved.');
  };

  return (
    <section aria-labelledby="privacy-heading">
      <h2 id="privacy-heading">Privacy</h2>
      <form onSubmit={save}>
        <label htmlFor={ids.shield}>Card numbers, codes and e-mail addresses in pictures</label>
        <select
          id={ids.shield}
          value={draft.shield}
          onChange={(e) => setEdits({ ...draft, shield: e.target.value as Privacy['shield'] })}
        >
          <option value="on">Hide them before sending</option>
          <option value="ask">Ask me before sending</option>
          <option value="off">Send pictures as they are</option>
        </select>
        <label htmlFor={ids.deny}>Apps and windows never sent</label>
        <p id={ids.denyHelp} className="hint">
          {denyListHint(host)}
        </p>
        <textarea
          id={ids.deny}
          aria-describedby={ids.denyHelp}
          rows={6}
          value={draft.denyList}
          onChange={(e) => setEdits({ ...draft, denyList: e.target.value })}
        />
        <div className="checkbox">
          <input
            id={ids.history}
            type="checkbox"
            checked={draft.history}
            aria-describedby={ids.historyHelp}
            onChange={(e) => setEdits({ ...draft, history: e.target.checked })}
          />
          <label htmlFor={ids.history}>Keep a history of questions and answers</label>
        </div>
        <p id={ids.historyHelp} className="hint">
          Words only, never pictures or sound, kept encrypted on this computer. Switching it off erases it.
        </p>
        <div className="actions">
          <button type="submit">Save privacy settings</button>
        </div>
      </form>
    </section>
  );
}
