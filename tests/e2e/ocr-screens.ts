import {
  DIALOG_BUTTONS,
  DIALOG_LINES,
  dialogPageLines,
  SENTENCES,
  THEMES,
  TWO_COLUMN_LINES,
  TWO_COLUMNS,
  type Theme
} from '../ocr-known-text';

/*
 * Screens with known text (ocr-known-text.ts) as HTML for Chromium to render: self-contained pages
 * (inline style, installed fonts, nothing to fetch), laid out by the browser as an app's page would be.
 * Every line of text is its own line box (white-space: pre), so the expected lines are known.
 */

export interface HtmlScreen {
  html: string;
  /** Expected lines in reading order, blocks separated by a blank line (''). */
  lines: string[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function page(theme: Theme, style: string, body: string): string {
  const colours = THEMES[theme];
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Known text</title><style>` +
    `html { background: ${colours.background}; color: ${colours.text}; color-scheme: ${theme}; }` +
    `body { margin: 0; } p, h1, h2 { margin: 0; } .lines { white-space: pre; }${style}` +
    `</style></head><body>${body}</body></html>`
  );
}

const lines = (texts: string[]) => texts.map((text) => `<div>${escape(text)}</div>`).join('');

/** All the sentences in one font and size, one block of eight lines. */
export function textScreen(options: { font: string; size: number; theme: Theme }): HtmlScreen {
  const { font, size, theme } = options;
  const style = `main { padding: ${size}px; font: ${size}px/1.5 "${font}"; }`;
  return { html: page(theme, style, `<main class="lines">${lines(SENTENCES)}</main>`), lines: [...SENTENCES] };
}

/** A heading over two columns (a CSS grid) of two paragraphs each; paragraph gaps line up across the columns. */
export function twoColumnScreen(theme: Theme): HtmlScreen {
  const style =
    `main { padding: 30px; font: 15px/22px "DejaVu Sans"; }` +
    `h1 { font: bold 24px/30px "DejaVu Sans"; margin-bottom: 30px; }` +
    `.columns { display: grid; grid-template-columns: 410px 410px; }` +
    `p + p { margin-top: 22px; }`;
  const column = (paragraphs: string[][]) =>
    `<section>${paragraphs.map((p) => `<p>${p.map(escape).join('<br>')}</p>`).join('')}</section>`;
  const body =
    `<main class="lines"><h1>${escape(TWO_COLUMNS.heading)}</h1>` +
    `<div class="columns">${column(TWO_COLUMNS.left)}${column(TWO_COLUMNS.right)}</div></main>`;
  return { html: page(theme, style, body), lines: [...TWO_COLUMN_LINES] };
}

/**
 * A page of long lines with a modal dialog over it (`<dialog>` opened by `showModal()` over the dimmed
 * page, centred across it) holding a title, a two-line message and two buttons. Expected: the
 * dialog's lines only. Known gaps of the reader kept out of this screen:
 * - the page's lines end under the dialog: where they go on past its right edge, those pieces are
 *   read between the dialog's title and its message;
 * - the dialog's edges fall between the page's lines: an edge across a line leaves slivers of its
 *   letters, read as stray marks ("=", "I").
 * The button the dialog focuses keeps its focus ring, which must not be read as brackets.
 */
export function dialogScreen(theme: Theme): HtmlScreen {
  const colours = THEMES[theme];
  const style =
    // Page lines are 30 px apart from y = 20; the dialog spans y = 258…468 (its shadow to 474), in the gaps.
    `main { padding: 20px 24px; font: 14px/30px "DejaVu Sans"; }` +
    `dialog { box-sizing: border-box; width: 452px; height: 210px; margin: 0 auto; inset-block: 258px auto;` +
    ` padding: 24px; border: 2px solid ${colours.border}; background: ${colours.background};` +
    ` color: ${colours.text}; box-shadow: 6px 6px 0 rgba(0, 0, 0, 0.35); }` +
    `h2 { font: bold 16px/22px "DejaVu Sans"; margin-bottom: 18px; }` +
    `dialog p { font: 15px/22px "DejaVu Sans"; margin-bottom: 24px; }` +
    `form { text-align: right; }` +
    `button { font: 15px "DejaVu Sans"; width: 90px; height: 34px; margin-left: 16px; border-radius: 4px;` +
    ` background: ${colours.panel}; color: ${colours.text}; border: 1px solid ${colours.border}; }`;
  const body =
    `<main class="lines">${lines(dialogPageLines())}</main>` +
    `<dialog aria-labelledby="title"><h2 id="title" class="lines">${escape(DIALOG_LINES[0]!)}</h2>` +
    `<p class="lines">${DIALOG_LINES.slice(1).map(escape).join('<br>')}</p>` +
    `<form method="dialog">${DIALOG_BUTTONS.map((b) => `<button>${escape(b)}</button>`).join('')}</form></dialog>` +
    `<script>document.querySelector('dialog').showModal();</script>`;
  return { html: page(theme, style, body), lines: [...DIALOG_LINES, ...DIALOG_BUTTONS] };
}
