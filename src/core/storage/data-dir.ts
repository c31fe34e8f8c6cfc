import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the web host and the CLI keep settings and the key file (Electron uses its own userData). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LUMEN_DATA_DIR) return env.LUMEN_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Lumen');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Lumen');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'lumen');
}
