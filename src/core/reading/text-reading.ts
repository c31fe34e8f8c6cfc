import type { ReadAction, ReadSource, ScreenRegion } from '../../shared/contract';
import { OcrNavigator, type Surface } from '../ocr/navigator';
import type { OcrBox, OcrResult } from '../ocr/types';

/** Said when the user moves through text before anything was read. */
export const NOTHING_READ =
  'Read some text first: use Read screen text, then move through it line by line with the arrow keys.';

/** "Where is it?" names the screen for a region too: its text is placed on the whole screen. */
const surfaceOf = (source: ReadSource): Surface =>
  source === 'file' ? 'image' : source === 'region' ? 'screen' : source;

export interface NavigationAnswer {
  text: string;
  /** The current line, counting from 1; 0 when nothing was found. */
  line: number;
  lines: number;
}

/**
 * The text read last, with a reading cursor: what "next line", "spell word" and "where is it?" move
 * through. A region's text is placed where the region lies on the screen, so "where is it?" answers
 * for the whole screen, which is where the user will look or point.
 */
export class TextReading {
  private readonly navigator: OcrNavigator;
  readonly lines: number;

  constructor(result: OcrResult, source: ReadSource = 'file', region?: ScreenRegion) {
    const placed = source === 'region' && region ? placeOnScreen(result, region) : result;
    this.navigator = new OcrNavigator(placed, surfaceOf(source));
    this.lines = result.lines.length;
  }

  go(action: ReadAction): NavigationAnswer {
    const n = this.navigator;
    const moves: Record<ReadAction, () => string> = {
      'next-line': () => n.nextLine(),
      'previous-line': () => n.previousLine(),
      'next-paragraph': () => n.nextParagraph(),
      'previous-paragraph': () => n.previousParagraph(),
      'next-word': () => n.nextWord(),
      'previous-word': () => n.previousWord(),
      repeat: () => n.repeat(),
      'spell-word': () => n.spellWord(),
      where: () => n.whereIsIt()
    };
    const text = moves[action]();
    return { text, line: this.lines ? n.position.line + 1 : 0, lines: this.lines };
  }
}

/** The result as if the whole screen had been read: the screen's size, the boxes moved into place. */
export function placeOnScreen(result: OcrResult, region: ScreenRegion): OcrResult {
  const width = Math.round(result.width / region.width);
  const height = Math.round(result.height / region.height);
  const dx = Math.round(region.x * width);
  const dy = Math.round(region.y * height);
  const move = (box: OcrBox): OcrBox => ({ ...box, x: box.x + dx, y: box.y + dy });
  return {
    ...result,
    width,
    height,
    words: result.words.map((w) => ({ ...w, box: move(w.box) })),
    lines: result.lines.map((l) => ({ ...l, box: move(l.box) })),
    blocks: result.blocks.map((b) => ({ ...b, box: move(b.box) }))
  };
}
