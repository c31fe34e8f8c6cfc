// Writes the pictures the evaluation sets use, with known content, so each can be made again:
// `npx tsx evals/make-pictures.ts`. Pictures are drawn as SVG and rendered by librsvg (through sharp).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { PRIVATE_SCREEN, privateScreenPng } from '../tests/private-screen';
import { photographedPage } from '../tests/unit/core/document/pages';

const evals = fileURLToPath(new URL('.', import.meta.url));
const fixtures = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));

const svg = (width: number, height: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`;

async function jpeg(set: string, name: string, source: string): Promise<void> {
  await writeFile(join(evals, set, name), await sharp(source).jpeg({ quality: 85, mozjpeg: true }).toBuffer());
}

async function png(set: string, name: string, source: string | Uint8Array): Promise<void> {
  const bytes = typeof source === 'string' ? Buffer.from(source) : source;
  await writeFile(join(evals, set, name), await sharp(bytes).png({ compressionLevel: 9, palette: true }).toBuffer());
}

/** A sign: a coloured board with a word on it (enough edges for the capture guard, one colour for the fake). */
const sign = (fill: string, word: string) =>
  svg(
    640,
    480,
    `<rect width="100%" height="100%" fill="${fill}"/>` +
      `<text x="320" y="270" font-family="DejaVu Sans" font-size="72" font-weight="bold" fill="#fff" text-anchor="middle">${word}</text>`
  );

/** An app's window: a title bar, a blue panel and a button. */
const appWindow = svg(
  800,
  600,
  '<rect width="100%" height="100%" fill="#1f4fd1"/>' +
    '<rect width="100%" height="48" fill="#0d2f8a"/>' +
    '<text x="20" y="32" font-family="DejaVu Sans" font-size="22" fill="#fff">Settings</text>' +
    '<rect x="40" y="480" width="200" height="60" rx="8" fill="#fff"/>' +
    '<text x="140" y="520" font-family="DejaVu Sans" font-size="24" fill="#1f4fd1" text-anchor="middle">Save</text>'
);

/** Lines of text at 32 px, as tests/private-screen.ts lays them out, on a light screen. */
const textScreen = (lines: Array<{ text: string; x: number; y: number; bold?: boolean }>, extra = '') =>
  svg(
    PRIVATE_SCREEN.width,
    PRIVATE_SCREEN.height,
    '<rect width="100%" height="100%" fill="#fafafa"/>' +
      extra +
      lines
        .map(
          (l) =>
            `<text x="${l.x}" y="${l.y + PRIVATE_SCREEN.fontPx}" font-family="DejaVu Sans" font-size="${PRIVATE_SCREEN.fontPx}"` +
            `${l.bold ? ' font-weight="bold"' : ''} fill="#111">${l.text}</text>`
        )
        .join('')
  );

/** A dialog box in the middle of a grey screen. */
const dialog = (title: string, message: string, buttons: string[]) =>
  svg(
    1280,
    800,
    '<rect width="100%" height="100%" fill="#6b7280"/>' +
      '<rect x="340" y="250" width="600" height="300" rx="12" fill="#fff"/>' +
      `<text x="380" y="310" font-family="DejaVu Sans" font-size="30" font-weight="bold" fill="#111">${title}</text>` +
      `<text x="380" y="370" font-family="DejaVu Sans" font-size="22" fill="#111">${message}</text>` +
      buttons
        .map(
          (b, i) =>
            `<rect x="${560 + i * 190}" y="470" width="170" height="50" rx="6" fill="${i ? '#e5e7eb' : '#1d4ed8'}"/>` +
            `<text x="${645 + i * 190}" y="503" font-family="DejaVu Sans" font-size="22" text-anchor="middle" fill="${i ? '#111' : '#fff'}">${b}</text>`
        )
        .join('')
  );

/** A kitchen drawn flat: a red kettle on a brown table by a window. Not a photograph. */
const kitchen = svg(
  960,
  720,
  '<rect width="100%" height="100%" fill="#f3ead8"/>' +
    '<rect x="560" y="80" width="300" height="260" fill="#9fd3f5" stroke="#fff" stroke-width="14"/>' +
    '<line x1="710" y1="80" x2="710" y2="340" stroke="#fff" stroke-width="10"/>' +
    '<rect x="0" y="470" width="960" height="40" fill="#8b5a2b"/>' +
    '<rect x="60" y="510" width="30" height="210" fill="#6e4520"/><rect x="870" y="510" width="30" height="210" fill="#6e4520"/>' +
    '<ellipse cx="300" cy="400" rx="110" ry="80" fill="#d01010"/>' +
    '<rect x="240" y="300" width="120" height="30" rx="10" fill="#222"/>' +
    '<path d="M405 380 L480 330 L490 345 L415 400 Z" fill="#d01010"/>'
);

await png('smoke', 'red-sign.png', sign('#d01010', 'EXIT'));
await png('smoke', 'blue-window.png', appWindow);
await png('smoke', 'private-screen.png', await privateScreenPng());

// Screens: a settings window, an error dialog, and a real screenshot (Notepad asking to save).
await png(
  'screens',
  'settings.png',
  textScreen(
    [
      { text: 'Settings', x: 80, y: 40, bold: true },
      { text: 'Wi-Fi: On', x: 80, y: 160 },
      { text: 'Bluetooth: Off', x: 80, y: 260 },
      { text: 'Airplane mode: Off', x: 80, y: 360 }
    ],
    '<rect x="80" y="560" width="180" height="60" rx="8" fill="#1d4ed8"/><text x="170" y="600" font-family="DejaVu Sans" font-size="28" fill="#fff" text-anchor="middle">Save</text>'
  )
);
await png(
  'screens',
  'file-not-found.png',
  dialog('File not found', 'The file report.docx could not be found.', ['OK'])
);
await jpeg('screens', 'notepad-save.jpg', join(fixtures, 'images_screenshot_with_save_1024_768.png'));

// Documents: the letter of tests/unit/core/document/pages.ts, photographed flat and turned.
await writeFile(join(evals, 'documents', 'letter-flat.jpg'), (await photographedPage({ seed: 1 })).jpeg);
await writeFile(
  join(evals, 'documents', 'letter-turned.jpg'),
  (await photographedPage({ pose: { rotate: 8, tiltX: 12 }, darkSide: 0.7, seed: 2 })).jpeg
);

// Privacy: the private screen (card number, e-mail address, code) and a sign-in form with a shown password.
await png('privacy', 'private-screen.png', await privateScreenPng());
await png(
  'privacy',
  'sign-in.png',
  textScreen([
    { text: 'Sign in to Northwind Bank', x: 80, y: 60, bold: true },
    { text: 'User name', x: 80, y: 200 },
    { text: 'sam.doe', x: 400, y: 200 },
    { text: 'Password:', x: 80, y: 320 },
    { text: 'Tr0ub4dor!3x', x: 400, y: 320 },
    { text: 'Forgot your password?', x: 80, y: 480 }
  ])
);

// Scenes: no photograph with a free licence is at hand, so a drawn one (evals/scenes/README.md).
await png('scenes', 'kitchen-drawn.png', kitchen);
