import { REALISTIC_TIMING, startFakeOpenAI } from './index';

interface Args {
  port: number;
  tls: boolean;
  apiKey?: string;
  realistic: boolean;
  today?: string;
}

/** Standalone fake: `npm run fake-openai -- --port P [--tls] [--api-key K] [--realistic] [--today YYYY-MM-DD]`. */
function parseArgs(argv: string[]): Args {
  const out: Args = {
    port: 0,
    tls: false,
    realistic: false
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--port') out.port = Number(value());
    else if (flag === '--tls') out.tls = true;
    else if (flag === '--api-key') out.apiKey = value();
    else if (flag === '--realistic') out.realistic = true;
    else if (flag === '--today') out.today = value();
    else throw new Error(`unknown option ${a}`);
  }
  if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error('--port must be 0..65535');
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const fake = await startFakeOpenAI({
    port: args.port,
    tls: args.tls,
    ...(args.apiKey ? { apiKey: args.apiKey } : {}),
    ...(args.realistic ? { timing: REALISTIC_TIMING } : {}),
    ...(args.today ? { today: args.today } : {})
  });
  // The key it accepts is on the same line: a client started by hand needs both.
  process.stdout.write(`READY ${fake.baseURL} key ${fake.apiKey}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`fake-openai: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
