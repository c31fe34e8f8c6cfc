import { runCli } from './run';

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  write: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  nodeVersion: process.version
});
process.exitCode = code;
