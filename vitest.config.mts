import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/electron/**', '**/node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'threads',
    // Run through Vite so the main-process tests can hand it the Electron stand-in.
    server: { deps: { inline: ['electron-store'] } }
  }
});
