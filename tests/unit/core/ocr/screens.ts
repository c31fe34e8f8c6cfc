// Generated screens with known text (see ocr-known-text.ts), rendered by librsvg (through sharp) with the DejaVu fonts.
import sharp from 'sharp';
import {
  DIALOG_BUTTONS,
  DIALOG_LINES,
  dialogPageLines,
  SENTENCES,
  THEMES,
  TWO_COLUMN_LINES,
  TWO_COLUMNS,
  type Theme
} from '../../../ocr-known-text';

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Screen {
  png: Buffer;
  /** Expected lines in reading order, blocks separated by a blank line (''). */
  lines: string[];
  width: number;
  height: number;
}

interface TextItem {
  x: number;
  y: number;
  text: string;
  size: number;
  font?: string;
  weight?: 'bold';
  fill?: string;
}

function svg(width: number, height: number, theme: Theme, body: string): Buffer {
  const colours = THEMES[theme];
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="100%" height="100%" fill="${colours.background}"/>${body}</svg>`
  );
}

function texts(items: TextItem[], theme: Theme, font: string): string {
  return items
    .map(
      (t) =>
        `<text x="${t.x}" y="${t.y}" font-family="${t.font ?? font}" font-size="${t.size}" ` +
        `${t.weight ? `font-weight="${t.weight}" ` : ''}fill="${t.fill ?? THEMES[theme].text}">${escape(t.text)}</text>`
    )
    .join('');
}

const render = async (source: Buffer) => sharp(source).png().toBuffer();

/** A few lines of plain text, one block. */
export async function textScreen(options: {
  font: string;
  size: number;
  theme: Theme;
  lines?: number;
}): Promise<Screen> {
  const { font, size, theme } = options;
  const lines = SENTENCES.slice(0, options.lines ?? 4);
  const pitch = Math.round(size * 1.5);
  const width = Math.round(size * 30);
  const height = pitch * lines.length + size * 2;
  const items = lines.map((text, i) => ({ x: size, y: size + pitch * (i + 1) - Math.round(size * 0.4), text, size }));
  return { png: await render(svg(width, height, theme, texts(items, theme, font))), lines, width, height };
}

/** A heading over two columns of two paragraphs each; paragraph gaps line up across the columns. */
export async function twoColumnScreen(theme: Theme = 'light'): Promise<Screen> {
  const size = 15;
  const pitch = 22;
  const font = 'DejaVu Sans';
  const items: TextItem[] = [{ x: 30, y: 45, text: TWO_COLUMNS.heading, size: 24, weight: 'bold' }];
  const column = (x: number, paragraphs: string[][]) =>
    paragraphs.forEach((lines, p) =>
      lines.forEach((text, i) => items.push({ x, y: 100 + (p * 3 + i) * pitch, text, size }))
    );
  column(30, TWO_COLUMNS.left);
  column(440, TWO_COLUMNS.right);
  const width = 830;
  const height = 230;
  return {
    png: await render(svg(width, height, theme, texts(items, theme, font))),
    lines: [...TWO_COLUMN_LINES],
    width,
    height
  };
}

export const HEADING = 'Quarterly Report';

/**
 * Four lines of text, a large heading lying across the page's middle row (where an even split of the
 * page would fall), four more lines. Blocks: the lines above, the heading, the lines below.
 */
export async function headingScreen(theme: Theme = 'light'): Promise<Screen> {
  const font = 'DejaVu Sans';
  const width = 900;
  const height = 400;
  const above = SENTENCES.slice(0, 4);
  const below = SENTENCES.slice(4, 8);
  const items: TextItem[] = [
    ...above.map((text, i) => ({ x: 30, y: 36 + i * 24, text, size: 15 })),
    // Cap height about 31 px, baseline at 214: the heading spans rows ~183..222, across row 200.
    { x: 30, y: 214, text: HEADING, size: 44, weight: 'bold' as const },
    ...below.map((text, i) => ({ x: 30, y: 276 + i * 24, text, size: 15 }))
  ];
  return {
    png: await render(svg(width, height, theme, texts(items, theme, font))),
    lines: [...above, '', HEADING, '', ...below],
    width,
    height
  };
}

/** A page of text with a centred dialog drawn over it (frame, shadow, title, message, buttons). */
export async function dialogScreen(theme: Theme = 'light'): Promise<Screen> {
  const colours = THEMES[theme];
  const width = 900;
  const height = 520;
  const font = 'DejaVu Sans';
  const pageItems = dialogPageLines().map((text, i) => ({ x: 24, y: 40 + i * 26, text, size: 14 }));
  const box = { x: 250, y: 150, width: 400, height: 200 };
  const dialogItems: TextItem[] = [
    { x: box.x + 24, y: box.y + 40, text: DIALOG_LINES[0]!, size: 16, weight: 'bold' },
    { x: box.x + 24, y: box.y + 80, text: DIALOG_LINES[1]!, size: 15 },
    { x: box.x + 24, y: box.y + 102, text: DIALOG_LINES[2]!, size: 15 }
  ];
  const buttons =
    `<rect x="${box.x + 180}" y="${box.y + 140}" width="90" height="34" rx="4" fill="${colours.panel}" stroke="${colours.border}"/>` +
    `<rect x="${box.x + 290}" y="${box.y + 140}" width="90" height="34" rx="4" fill="${colours.panel}" stroke="${colours.border}"/>`;
  const buttonLabels: TextItem[] = [
    { x: box.x + 198, y: box.y + 162, text: DIALOG_BUTTONS[0]!, size: 15 },
    { x: box.x + 320, y: box.y + 162, text: DIALOG_BUTTONS[1]!, size: 15 }
  ];
  const body =
    texts(pageItems, theme, font) +
    `<rect x="${box.x + 6}" y="${box.y + 6}" width="${box.width}" height="${box.height}" fill="#000" opacity="0.35"/>` +
    `<rect x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="${colours.background}" stroke="${colours.border}" stroke-width="2"/>` +
    texts(dialogItems, theme, font) +
    buttons +
    texts(buttonLabels, theme, font);
  return {
    png: await render(svg(width, height, theme, body)),
    lines: [...DIALOG_LINES, ...DIALOG_BUTTONS],
    width,
    height
  };
}

/** A 1920 × 1080 app window: title bar, menu bar, sidebar menu, two columns of content. */
export async function desktopScreen(theme: Theme = 'light', width = 1920, height = 1080): Promise<Screen> {
  const colours = THEMES[theme];
  const k = width / 1920;
  const font = 'DejaVu Sans';
  const size = Math.round(15 * k);
  const items: TextItem[] = [];
  const menu = ['File', 'Edit', 'View', 'Go', 'Help'];
  menu.forEach((text, i) => items.push({ x: Math.round((20 + i * 90) * k), y: Math.round(64 * k), text, size }));
  const sidebar = ['Inbox', 'Drafts', 'Sent', 'Archive', 'Spam', 'Trash'];
  sidebar.forEach((text, i) => items.push({ x: Math.round(30 * k), y: Math.round((140 + i * 40) * k), text, size }));
  const lines: string[] = [];
  for (let column = 0; column < 2; column++) {
    for (let i = 0; i < 28; i++) {
      const text = `${i + 1 + column * 28}. ${SENTENCES[(i + column) % SENTENCES.length]}`;
      lines.push(text);
      items.push({ x: Math.round((330 + column * 800) * k), y: Math.round((140 + i * 32) * k), text, size });
    }
  }
  const body =
    `<rect width="100%" height="${Math.round(36 * k)}" fill="${colours.panel}"/>` +
    `<rect y="${Math.round(90 * k)}" width="${Math.round(260 * k)}" height="100%" fill="${colours.panel}"/>` +
    texts(items, theme, font);
  return { png: await render(svg(width, height, theme, body)), lines: [...menu, ...sidebar, ...lines], width, height };
}
