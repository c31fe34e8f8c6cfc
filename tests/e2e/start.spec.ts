import { join } from 'node:path';
import { expect, finishSetup, ROOT, startAndWaitFor, stop, test } from './fixtures';

test('npm start says in one line why Electron cannot run, then serves the web host; Ctrl+C stops it', async ({
  page
}) => {
  test.skip(
    process.env.LUMEN_HAS_ELECTRON === '1',
    'This machine has an Electron binary; npm start opens the real app.'
  );
  const dataDir = join(ROOT, 'test-results', 'start-data');
  await finishSetup(dataDir);
  const env: NodeJS.ProcessEnv = { ...process.env, LUMEN_DATA_DIR: dataDir };
  delete env.OPENAI_API_KEY;
  const { child, match, output } = await startAndWaitFor(
    process.execPath,
    [join(ROOT, 'scripts/start.mjs')],
    env,
    /Lumen web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)\n/,
    120_000
  );
  const lines = output()
    .split('\n')
    .filter((l) => l.trim());
  const reasonLine = lines.findIndex((l) => l.startsWith('Electron cannot start here:'));
  expect(reasonLine).toBeGreaterThanOrEqual(0);
  expect(lines[reasonLine]).toMatch(/Starting the Lumen web host instead\.$/);
  expect(lines[reasonLine + 1]).toMatch(/^Lumen web host: http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/);
  await page.goto(match[1]!);
  await expect(page.getByRole('heading', { level: 1, name: 'Lumen' })).toBeVisible();
  expect(await stop(child, 'SIGINT')).toBe(0);
});
