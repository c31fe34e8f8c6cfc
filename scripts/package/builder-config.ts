import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { dependencyClosure } from './dependencies';

/*
 * electron-builder's configuration for Lumen's installers (docs/PACKAGING.md). A package holds only
 * what runs: the built bundles, the icon, and the packages the main process loads at run time.
 * Whatever a worker thread, a WebAssembly loader or the dynamic linker reads from disk is unpacked
 * beside the archive (asarUnpack), and core hands those workers the unpacked paths
 * (src/core/util/unpacked-path.ts). `npm run package:check` proves both on a real package.
 */

/** Dependencies that are bundled, not loaded: electron-store into the main bundle (electron.vite.config.ts), React into the page. */
export const BUNDLED_DEPENDENCIES = ['electron-store', 'react', 'react-dom'];

/**
 * Packages read from disk outside Electron's archive support, each with all it requires:
 * sharp (its addon finds libvips by a path relative to itself), the text reader (tesseract.js's
 * worker script, its WebAssembly engine and the language data, all read by a worker thread) and the
 * offline voice (espeak-ng's module and WebAssembly, loaded by a worker thread).
 */
export const UNPACKED_PACKAGES = ['sharp', 'tesseract.js', 'espeak-ng'];
/** The language data packages (`@tesseract.js-data/<code>`) in package.json are unpacked too. */
const LANGUAGE_DATA = /^@tesseract\.js-data\//;

/** Built files a worker thread runs: the offline voice's worker (src/core/speech/offline/worker-thread.ts). */
const UNPACKED_BUILD_FILES = ['out/main/offline-voice-worker.js'];

/** Electron's hardening switches (docs/PACKAGING.md says why each is set). */
export const FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  // Checked on macOS and Windows; Linux has no embedded integrity check (the fuse is ignored there).
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // Pages come from app://lumen (src/main/app-protocol.ts), so file:// needs no extra rights.
  grantFileProtocolExtraPrivileges: false
} as const;

/**
 * tesseract.js-core's LSTM-only engines, never loaded under Node: tesseract.js 7's Node worker hands
 * its engine chooser (worker-script/node/getCore.js) a boolean where it compares an engine mode, so
 * it always loads the full engines (with SIMD, relaxed SIMD or neither, as the runtime allows).
 */
export const UNUSED_TESSERACT_ENGINES = [
  'tesseract-core-lstm',
  'tesseract-core-simd-lstm',
  'tesseract-core-relaxedsimd-lstm'
];

/** Files of kept packages that never run: sources, types, maps, docs, browser builds, unused engines and models. */
const NEVER_RUN = [
  '!**/*.map',
  '!**/*.{ts,mts,cts,tsx}',
  '!**/node_modules/**/{README,CHANGELOG,HISTORY,SECURITY,CONTRIBUTING}*',
  '!**/node_modules/**/{docs,doc,example,examples,test,tests,__tests__,.github}/**',
  '!node_modules/tesseract.js/{dist,scripts,karma.conf.js}{,/**}',
  // No unused engines, no engines with the WebAssembly inside JavaScript (for browsers), and only
  // the "best_int" models (src/core/ocr/languages.ts).
  `!node_modules/tesseract.js-core/{${UNUSED_TESSERACT_ENGINES.join(',')}}.{js,wasm}`,
  '!node_modules/tesseract.js-core/*.wasm.js',
  '!node_modules/@tesseract.js-data/*/4.0.0/**'
];

interface Manifest {
  dependencies: Record<string, string>;
}

export interface BuilderOptions {
  projectDir: string;
  /** A folder holding an Electron build to pack instead of downloading one (package:check's stub). */
  electronDist?: string;
  /** Where packages are written. */
  output?: string;
}

/** The installed packages left out and those unpacked, as node_modules folders. */
export function runtimePackages(projectDir: string) {
  const manifest = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as Manifest;
  const dependencies = Object.keys(manifest.dependencies);
  const loaded = dependencies.filter((name) => !BUNDLED_DEPENDENCIES.includes(name));
  const unpackedRoots = [...UNPACKED_PACKAGES, ...dependencies.filter((name) => LANGUAGE_DATA.test(name))];
  // Every package the main process and its workers load.
  const runtime = dependencyClosure(projectDir, loaded);
  return {
    /** Installed with the app's dependencies but only ever bundled: left out. */
    bundledOnly: dependencyClosure(projectDir, dependencies).filter((folder) => !runtime.includes(folder)),
    unpacked: dependencyClosure(projectDir, unpackedRoots)
  };
}

/**
 * The release feed electron-updater reads (electron-builder writes it into app-update.yml): the
 * GitHub releases of `owner/repo`, from LUMEN_RELEASE_REPO or, in GitHub Actions, GITHUB_REPOSITORY.
 * Without one the app is built without updates.
 */
export function releaseFeed(env: NodeJS.ProcessEnv): Configuration['publish'] {
  const [owner, repo] = (env.LUMEN_RELEASE_REPO ?? env.GITHUB_REPOSITORY ?? '').split('/');
  return owner && repo ? { provider: 'github', owner, repo, releaseType: 'draft' } : null;
}

export function builderConfig({ projectDir, electronDist, output = 'dist' }: BuilderOptions): Configuration {
  const { bundledOnly, unpacked } = runtimePackages(projectDir);
  return {
    appId: 'org.lumen.desktop',
    productName: 'Lumen',
    copyright: 'Lumen contributors',
    directories: { output, buildResources: 'build' },
    electronDist,
    // sharp ships N-API builds that Electron loads as they are; a rebuild would fetch headers.
    npmRebuild: false,
    asar: true,
    files: [
      'package.json',
      'out/main/**',
      'out/preload/**',
      'out/renderer/**',
      // Loaded by the main process for the window and the tray (src/main/index.ts).
      'resources/icon.png',
      ...bundledOnly.map((folder) => `!${folder}{,/**}`),
      ...NEVER_RUN
    ],
    asarUnpack: [...UNPACKED_BUILD_FILES, ...unpacked.map((folder) => `${folder}/**`)],
    electronFuses: FUSES,
    linux: {
      target: ['dir', 'tar.gz'],
      executableName: 'lumen',
      icon: 'resources/icon.png',
      category: 'Utility;Accessibility',
      synopsis: 'A desktop seeing companion for blind and low-vision people',
      desktop: { entry: { Name: 'Lumen', Keywords: 'blind;low vision;screen reader;describe;OCR;' } }
    },
    win: {
      target: ['nsis'],
      icon: 'resources/icon.png'
    },
    // Installs for the current user only: no administrator rights asked for, none needed to update.
    nsis: {
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
      createDesktopShortcut: true,
      shortcutName: 'Lumen'
    },
    mac: {
      target: ['dmg'],
      icon: 'resources/icon.png',
      category: 'public.app-category.utilities',
      hardenedRuntime: true,
      gatekeeperAssess: false,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
      extendInfo: {
        NSMicrophoneUsageDescription:
          'Lumen listens to your voice when you start a spoken conversation, so you can ask about what it sees.',
        NSCameraUsageDescription:
          'Lumen looks through the camera when you ask it to describe what is in front of you or to read a page.',
        NSScreenCaptureUsageDescription:
          'Lumen takes a picture of your screen when you ask it to describe or read what is on it.'
      }
    },
    dmg: { title: 'Lumen ${version}' }
  };
}
