import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../../core/app';
import { createConsoleLogger } from '../../core/logger';
import { createSecretStore } from '../../core/secrets';
import { defaultDataDir } from '../../core/storage/data-dir';
import { FileKeyVault } from '../../core/storage/file-key-vault';
import { JsonRecordStore } from '../../core/storage/json-record-store';
import { JsonSettingsStore } from '../../core/storage/json-settings-store';
import { LUMEN_VERSION } from '../../core/version';
import { startWebHost } from './server';

const USAGE = `Usage: lumen-web [--port N] [--data-dir DIR] [--no-warm-up]

Serves Lumen to a browser on 127.0.0.1. Prints one line with the address (it includes a token).
  --port N        listen on port N (default: a free port)
  --data-dir DIR  where settings, the key file, spending and the history live (default: ${defaultDataDir()})
  --no-warm-up    start text reading when the first describe or read needs it (to measure a cold first press)
Environment: OPENAI_API_KEY, OPENAI_BASE_URL, LUMEN_DATA_DIR.`;

async function main() {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-warm-up': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      }
    }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = args.port === undefined ? 0 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a whole number from 0 to 65535, not "${args.port}".\n`);
    process.exit(2);
  }
  const dataDir = args['data-dir'] ?? defaultDataDir();
  const env = { OPENAI_API_KEY: process.env.OPENAI_API_KEY, OPENAI_BASE_URL: process.env.OPENAI_BASE_URL };
  const secrets = createSecretStore(FileKeyVault.inDir(dataDir), env);
  const logger = createConsoleLogger(undefined, () => [env.OPENAI_API_KEY ?? '']);
  const core = await createCore({
    host: 'web',
    version: LUMEN_VERSION,
    platform: process.platform,
    secrets,
    settingsStore: JsonSettingsStore.inDir(dataDir),
    records: new JsonRecordStore(dataDir),
    // A separate 0600 file: a copied or synced history cannot be read, and forgetting deletes the key.
    historyKeys: new FileKeyVault(join(dataDir, 'history-key')),
    env,
    logger
  });
  const here = fileURLToPath(new URL('.', import.meta.url));
  let host;
  try {
    host = await startWebHost({
      core,
      port,
      logger,
      rendererDir: `${here}../renderer`,
      shimFile: `${here}lumen-web-shim.js`,
      // What the first describe needs is readied once a page is up, so its loading is not slowed.
      onPageReady: args['no-warm-up'] ? undefined : () => void core.warmUp()
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'EADDRINUSE'
        ? `Port ${port} is already in use. Choose another with --port, or leave it out to pick a free one.\n`
        : `The Lumen web host could not start: ${(error as Error).message}\n`
    );
    process.exit(1);
  }
  process.stdout.write(`Lumen web host: ${host.url}\n`);
  // Warm the offline voice now (off the main thread), so the first words without a key come quickly.
  void core.prepareOfflineVoice();
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    void host.close().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

void main();
