import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CANARY_KEY } from './canary';

/**
 * A fresh build for every run, made with a canary API key in the environment: a test then proves
 * the key found its way into no bundle.
 */
export default function globalSetup() {
  const root = join(import.meta.dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, OPENAI_API_KEY: CANARY_KEY, VITE_OPENAI_API_KEY: CANARY_KEY }
  });
}
