import { createContext, useContext } from 'react';
import type { SetupStatus } from '../../../shared/contract';
import { useAnnouncer } from '../announcer';

const ShowSetup = createContext<(status: SetupStatus) => void>(() => {});

/** The shell provides how to show setup; "Run setup again" uses it from wherever it is placed. */
export const SetupLauncher = ShowSetup.Provider;

/** Starts setup again from its first step (Settings shows this button). */
export function RunSetupAgain() {
  const show = useContext(ShowSetup);
  const { announce } = useAnnouncer();
  const run = async () => {
    const result = await window.lumen.setup.restart();
    if (result.ok) show(result.value);
    else announce(`Setup could not start again. ${result.error.message}`, 'assertive');
  };
  return (
    <button type="button" onClick={() => void run()}>
      Run setup again
    </button>
  );
}
