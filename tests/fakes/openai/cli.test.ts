import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('standalone fake (npm run fake-openai)', () => {
  it('prints READY with its URL, serves on the given date, and exits cleanly on SIGTERM', async () => {
    const child = spawn(
      `${root}node_modules/.bin/tsx`,
      ['tests/fakes/openai/cli.ts', '--port', '0', '--api-key', 'sk-cli', '--today', '2027-01-14'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(line).toMatch(/^READY http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const baseURL = line.slice('READY '.length);
      const res = await fetch(`${baseURL}/models`, { headers: { authorization: 'Bearer sk-cli' } });
      expect(res.status).toBe(200);
      // --today sets the service's date: gpt-4o shut down that day.
      const ids = ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
      expect(ids).toContain('gpt-6.1-terra');
      expect(ids).not.toContain('gpt-4o');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
