import type { ServerResponse } from 'node:http';
import { cutConnection, serviceHeaders, writeAndDrain } from './http';

/** Writes `data: …\n\n` events like the service; can cut the connection after N events (fault). */
export class SseWriter {
  private sent = 0;
  private cut = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly cutAfter: number | undefined,
    private readonly lineEnd: '\n' | '\r\n' = '\n'
  ) {}

  start(extraHeaders: Record<string, string> = {}): void {
    this.res.writeHead(200, {
      ...serviceHeaders(extraHeaders),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store'
    });
    this.res.flushHeaders();
  }

  /** false once the client is gone or the stream was cut: the caller should stop. */
  get open(): boolean {
    return !this.cut && !this.res.destroyed && !this.res.writableEnded;
  }

  async send(data: unknown): Promise<boolean> {
    if (!this.open) return false;
    if (this.cutAfter !== undefined && this.sent >= this.cutAfter) {
      this.cut = true;
      cutConnection(this.res);
      return false;
    }
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    await writeAndDrain(this.res, `data: ${payload}${this.lineEnd}${this.lineEnd}`);
    this.sent++;
    return this.open;
  }

  async done(): Promise<void> {
    if (await this.send('[DONE]')) this.res.end();
  }
}
