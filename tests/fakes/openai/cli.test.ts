import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from './index';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts `npm run fake-openai` with `args`; resolves its first line, and a stop that waits for exit. */
async function startCli(args: string[]) {
  const child = spawn(`${root}node_modules/.bin/tsx`, ['tests/fakes/openai/cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null) return child.exitCode;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    return exited;
  };
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    return { child, line, stop };
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
}

describe('standalone fake (npm run fake-openai)', () => {
  it('prints READY with its URL and the key it accepts, serves on the given date, and exits cleanly on SIGTERM', async () => {
    const { child, line, stop } = await startCli(['--port', '0', '--api-key', 'sk-cli', '--today', '2027-01-14']);
    try {
      expect(line).toMatch(/^READY http:\/\/127\.0\.0\.1:\d+\/v1 key sk-cli$/);
      const [, baseURL, , key] = line.split(' ');
      const res = await fetch(`${baseURL}/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      // --today sets the service's date: gpt-4o shut down that day.
      const ids = ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
      expect(ids).toContain('gpt-6.1-terra');
      expect(ids).not.toContain('gpt-4o');
      // Only that key is accepted.
      const other = await fetch(`${baseURL}/models`, { headers: { authorization: 'Bearer sk-other' } });
      expect(other.status).toBe(401);
      expect(await stop()).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('without --api-key, the READY line names the default key, which it accepts', async () => {
    const { child, line, stop } = await startCli(['--port', '0']);
    try {
      expect(line).toMatch(new RegExp(`^READY http://127\\.0\\.0\\.1:\\d+/v1 key ${DEFAULT_API_KEY}$`));
      const [, baseURL, , key] = line.split(' ');
      const res = await fetch(`${baseURL}/models`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
      expect(await stop()).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
