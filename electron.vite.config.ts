import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

export default defineConfig({
  main: {
    // electron-store is ESM-only; bundling it keeps the CommonJS main bundle loadable.
    build: { externalizeDeps: { exclude: ['electron-store'] } }
  },
  preload: {
    // A sandboxed preload cannot require packages, so everything it uses is bundled in.
    build: { externalizeDeps: false }
  },
  renderer: {
    plugins: [react()],
    // No data: URLs: the CSP only lets the page fetch from its own origin.
    build: { minify: true, assetsInlineLimit: 0 }
  }
});
