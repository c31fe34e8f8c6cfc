import type { LookSource } from './index';

/** How long the page may take to capture a picture the model asked for. */
const PAGE_PICTURE_TIMEOUT_MS = 20_000;

export interface PagePicture {
  image: Uint8Array;
  windowName?: string;
}

/**
 * Pictures only the page can take (the camera everywhere; the screen in a browser): core asks with a
 * conversation.look event and the page answers with conversation.lookResult, or the request times out.
 */
export class PagePictures {
  private readonly pending = new Map<
    string,
    { resolve: (picture: PagePicture) => void; reject: (error: Error) => void }
  >();
  private next = 1;

  constructor(private readonly ask: (requestId: string, source: LookSource) => void) {}

  request(source: LookSource): Promise<PagePicture> {
    const requestId = `look-${this.next++}`;
    return new Promise<PagePicture>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`The ${source} picture did not arrive in time.`));
      }, PAGE_PICTURE_TIMEOUT_MS);
      this.pending.set(requestId, {
        resolve: (picture) => {
          clearTimeout(timer);
          resolve(picture);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        }
      });
      this.ask(requestId, source);
    });
  }

  /** The page's answer; false when no such request is waiting (late, or never asked). */
  settle(requestId: string, answer: { image?: Uint8Array; windowName?: string; error?: string }): boolean {
    const waiting = this.pending.get(requestId);
    if (!waiting) return false;
    this.pending.delete(requestId);
    if (answer.image) waiting.resolve({ image: answer.image, windowName: answer.windowName });
    else waiting.reject(new Error(answer.error || 'The picture could not be taken.'));
    return true;
  }
}
