import { useEffect, useRef, useState } from 'react';
import type { UpdateState } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';

/** The Network Information API, where the browser has it (Chromium does; its `type` only on some systems). */
interface ConnectionInfo {
  saveData?: boolean;
  type?: string;
}

/** A connection the user may pay by the byte: one that asks to save data, or a mobile one. */
export function connectionIsMetered(): boolean {
  const connection = (navigator as Navigator & { connection?: ConnectionInfo }).connection;
  return connection?.saveData === true || connection?.type === 'cellular';
}

const megabytes = (bytes?: number) => (bytes ? ` (${Math.max(1, Math.round(bytes / 1_000_000))} MB)` : '');

/**
 * The desktop app's update: downloaded as soon as it is found unless the connection is metered, when
 * it asks first; once downloaded, "Restart to install". Core says once that it is ready; the question
 * about a metered connection is announced here, once a version.
 */
export function UpdateNotice() {
  const { announce } = useAnnouncer();
  const [update, setUpdate] = useState<UpdateState>({ state: 'off' });
  const asked = useRef(new Set<string>());

  useEffect(() => {
    void window.lumen.update.status().then((r) => r.ok && setUpdate(r.value));
    return window.lumen.on('update.state', setUpdate);
  }, []);

  const metered = update.state === 'available' && connectionIsMetered();
  useEffect(() => {
    if (update.state !== 'available' || !update.version) return;
    if (!metered) void window.lumen.update.download();
    else if (!asked.current.has(update.version)) {
      asked.current.add(update.version);
      announce(
        `Lumen ${update.version} is available. You seem to be on a metered connection, so it was not downloaded.`
      );
    }
  }, [update.state, update.version, metered, announce]);

  const run = async (action: 'download' | 'install') => {
    const r = await window.lumen.update[action]();
    if (!r.ok) announce(r.error.message, 'assertive');
  };

  if (update.state === 'ready')
    return (
      <section className="notices" aria-labelledby="update-heading" data-testid="update-notice">
        <h2 id="update-heading">Update</h2>
        <p>Lumen {update.version} is ready to install. Lumen restarts to install it, which takes a few seconds.</p>
        <button type="button" onClick={() => void run('install')}>
          Restart to install
        </button>
      </section>
    );
  if (metered)
    return (
      <section className="notices" aria-labelledby="update-heading" data-testid="update-notice">
        <h2 id="update-heading">Update</h2>
        <p>
          Lumen {update.version} is available{megabytes(update.bytes)}. You seem to be on a metered connection, so it
          was not downloaded.
        </p>
        <button type="button" onClick={() => void run('download')}>
          Download the update
        </button>
      </section>
    );
  return null;
}
