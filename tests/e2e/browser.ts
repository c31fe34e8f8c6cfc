import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const SYSTEM_CHROMIUM = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable'
];

export interface FoundBrowser {
  executablePath: string;
  kind: 'system' | 'playwright';
}

/**
 * The system Chromium (Debian's `chromium`) where present, else Playwright's own download; if
 * neither exists, an error that says what to install.
 */
export function findChromium(): FoundBrowser {
  const override = process.env.LUMEN_CHROMIUM;
  if (override) {
    if (existsSync(override)) return { executablePath: override, kind: 'system' };
    throw new Error(`LUMEN_CHROMIUM points to ${override}, which does not exist.`);
  }
  const system = SYSTEM_CHROMIUM.find((p) => existsSync(p));
  if (system) return { executablePath: system, kind: 'system' };
  let managed: string;
  try {
    managed = chromium.executablePath();
  } catch {
    managed = '';
  }
  if (managed && existsSync(managed)) return { executablePath: managed, kind: 'playwright' };
  throw new Error(
    'No Chromium found for the browser tests. The system Chromium is missing (Debian/Ubuntu: apt-get install chromium) ' +
      `and so is Playwright's own (npx playwright install chromium${managed ? `, expected at ${managed}` : ''}).`
  );
}

/** Flags for a quiet, offline, headless Chromium with fake camera and microphone. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required'
];
