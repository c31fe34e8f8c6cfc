import { parseArgs } from 'node:util';
import { createSecretStore } from '../core/secrets';
import { defaultDataDir } from '../core/storage/data-dir';
import { FileKeyVault } from '../core/storage/file-key-vault';
import { JsonSettingsStore } from '../core/storage/json-settings-store';
import { loadSettings } from '../shared/settings';
import { LUMEN_VERSION } from '../core/version';
import { formatCheck, runDoctor } from './doctor';
import { runSpeak } from './speak';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
  fetchImpl?: typeof fetch;
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const HELP = `lumen ${LUMEN_VERSION}: a seeing companion for blind and low-vision people.

Usage:
  lumen doctor [--json]   check Node.js, the API key, the endpoint and offline parts
  lumen speak "text" [--out file.wav] [--voice V] [--rate 0.5-2] [--provider openai|offline]
                          say the text aloud, or save it as a 24 kHz WAV file with --out
  lumen --version         print the version
  lumen --help            print this help

Environment:
  OPENAI_API_KEY    the API key (otherwise the one saved by the Lumen web host)
  OPENAI_BASE_URL   an OpenAI-compatible endpoint (default https://api.openai.com/v1)
  LUMEN_DATA_DIR    where settings and the saved key live

Exit codes: 0 all good, 1 a check or command failed, 2 the command line was wrong.`;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        json: { type: 'boolean' },
        // lumen speak
        out: { type: 'string', short: 'o' },
        voice: { type: 'string' },
        rate: { type: 'string' },
        provider: { type: 'string' }
      }
    });
  } catch (error) {
    io.err(`${(error as Error).message}\nRun "lumen --help" for the commands.`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(LUMEN_VERSION);
    return EXIT.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    io.out(HELP);
    return EXIT.ok;
  }
  if (command === 'doctor' && rest.length === 0) {
    const dataDir = defaultDataDir(io.env);
    const env = { OPENAI_API_KEY: io.env.OPENAI_API_KEY, OPENAI_BASE_URL: io.env.OPENAI_BASE_URL };
    const stored = await JsonSettingsStore.inDir(dataDir)
      .read()
      .catch(() => undefined);
    const checks = await runDoctor({
      env,
      secrets: createSecretStore(FileKeyVault.inDir(dataDir), env),
      configuredEndpoint: loadSettings(stored).settings.endpoint,
      nodeVersion: io.nodeVersion,
      fetchImpl: io.fetchImpl
    });
    if (values.json) io.out(JSON.stringify({ checks }, null, 2));
    else checks.forEach((c) => io.out(formatCheck(c)));
    return checks.some((c) => c.state === 'problem') ? EXIT.failed : EXIT.ok;
  }
  if (command === 'speak') {
    const { out, voice, rate, provider } = values;
    return runSpeak({ text: rest.join(' '), out, voice, rate, provider }, io);
  }
  io.err(`"${[command, ...rest].join(' ')}" is not a lumen command. Run "lumen --help" for the commands.`);
  return EXIT.usage;
}
