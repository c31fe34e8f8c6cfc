import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as electron from './electron-stand-in';

vi.mock('electron', () => import('./electron-stand-in'));

const { RENDERER_CSP, handleAppProtocol, registerAppScheme, serveRenderer } =
  await import('../../../src/main/app-protocol');

// A built renderer (out/renderer) beside files it must never give out.
let base: string;
let renderer: string;
let serve: (request: Request) => Promise<Response>;
const FILES: Record<string, [string, string]> = {
  'index.html': ['<!doctype html><title>Lumen</title>', 'text/html; charset=utf-8'],
  'assets/index-abc.js': ['console.log(1)', 'text/javascript; charset=utf-8'],
  'assets/index-abc.css': ['body{}', 'text/css; charset=utf-8'],
  'assets/mic.worklet-abc.js': ['registerProcessor("mic", class {})', 'text/javascript; charset=utf-8'],
  'assets/pcm-player.worklet-abc.js': ['registerProcessor("pcm", class {})', 'text/javascript; charset=utf-8'],
  'assets/done-abc.wav': ['RIFF....WAVE', 'audio/wav'],
  'assets/engine-abc.wasm': ['\0asm\u0001\0\0\0', 'application/wasm'],
  'assets/icon.svg': ['<svg/>', 'image/svg+xml'],
  'assets/font.woff2': ['wOF2', 'font/woff2'],
  'assets/data.json': ['{}', 'application/json']
};

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lumen-protocol-'));
  renderer = join(base, 'out', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  for (const [path, [body]] of Object.entries(FILES)) writeFileSync(join(renderer, path), body);
  writeFileSync(join(base, 'secret.txt'), 'the API key');
  mkdirSync(join(base, 'out', 'main'));
  writeFileSync(join(base, 'out', 'main', 'index.js'), 'main process');
  writeFileSync(join(base, 'out', 'renderer-old.js'), 'a sibling that only shares a prefix');
  if (process.platform !== 'win32') {
    symlinkSync(join(base, 'secret.txt'), join(renderer, 'assets', 'leak.js'));
    symlinkSync(base, join(renderer, 'assets', 'up'));
    symlinkSync(join(renderer, 'index.html'), join(renderer, 'assets', 'home.html'));
  }
  serve = serveRenderer(renderer);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('the app:// scheme', () => {
  it('is registered as standard and secure before ready, and handled with the renderer folder', async () => {
    registerAppScheme();
    expect(electron.protocol.privileged).toEqual([
      {
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true })
      }
    ]);
    expect(electron.protocol.privileged[0]).not.toMatchObject({ privileges: { bypassCSP: true } });
    handleAppProtocol(renderer);
    const handler = electron.protocol.handlers.get('app')!;
    expect((await handler(new Request('app://lumen/index.html'))).status).toBe(200);
  });
});

describe('serving the renderer on app://lumen', () => {
  it('serves every kind of file the page loads with its type, and the page’s policy', async () => {
    for (const [path, [body, type]] of Object.entries(FILES)) {
      const res = await get(`app://lumen/${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('content-security-policy'), path).toBe(RENDERER_CSP);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(Buffer.from(await res.arrayBuffer()).toString(), path).toBe(body);
    }
  });

  it('serves index.html for the bare origin, and answers HEAD without a body', async () => {
    expect(await (await get('app://lumen/')).text()).toContain('<title>Lumen</title>');
    expect(await (await get('app://lumen')).text()).toContain('<title>Lumen</title>');
    const head = await get('app://lumen/assets/index-abc.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(FILES['assets/index-abc.js']![0].length));
    expect(await head.text()).toBe('');
  });

  it('sends a policy that allows only our own origin, with no inline script and no framing', () => {
    expect(RENDERER_CSP).toContain("default-src 'self'");
    expect(RENDERER_CSP).toContain("script-src 'self';");
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
    expect(RENDERER_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('refuses every path that climbs out of the renderer folder, however it is written', async () => {
    for (const url of [
      'app://lumen/../secret.txt',
      'app://lumen/../../out/main/index.js',
      'app://lumen/%2e%2e/%2e%2e/secret.txt',
      'app://lumen/assets/..%2f..%2f..%2fsecret.txt',
      'app://lumen/assets/%2E%2E%2F%2E%2E%2Fmain%2Findex.js',
      'app://lumen/..%5c..%5csecret.txt',
      'app://lumen/assets%5c..%5cindex.html',
      `app://lumen/${encodeURIComponent(join(base, 'secret.txt'))}`,
      `app://lumen/${join(base, 'secret.txt')}`,
      'app://lumen/C:/Windows/win.ini',
      'app://lumen/index.html%00.js',
      'app://lumen/%E0%A4%A',
      'app://lumen/../renderer-old.js'
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toMatch(/API key|main process|sibling/);
    }
  });

  it.skipIf(process.platform === 'win32')('refuses a symbolic link that leads out of the folder', async () => {
    for (const url of ['app://lumen/assets/leak.js', 'app://lumen/assets/up/secret.txt']) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('API key');
    }
    // A link that stays inside is only another name for our own file.
    expect((await get('app://lumen/assets/home.html')).status).toBe(200);
  });

  it('gives out nothing for another host, a folder, a missing file, or a method other than GET and HEAD', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://lumen:8080/index.html')).status).toBe(404);
    expect((await get('app://lumen/assets')).status).toBe(404);
    expect((await get('app://lumen/assets/')).status).toBe(404);
    expect((await get('app://lumen/missing.js')).status).toBe(404);
    expect((await get('app://lumen/index.html', 'POST')).status).toBe(405);
    expect((await get('app://lumen/index.html', 'PUT')).status).toBe(405);
  });
});
