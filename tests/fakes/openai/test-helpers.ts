import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import sharp from 'sharp';
import WebSocket from 'ws';
import { fixturePath, parseWav } from './fixtures';

/**
 * A date on which every model the fake knows is still served (the first shutdown is gpt-5's, on
 * 2026-12-11): tests that use the older models pass it as `today`, so they do not depend on the clock.
 */
export const BEFORE_SHUTDOWNS = '2026-12-01';

/** The status and error object of a request the fake must refuse; fails when it succeeds. */
export async function refusal(request: Promise<unknown>): Promise<{ status: number | undefined; error: unknown }> {
  const err = await request.then(
    () => {
      throw new Error('expected the fake to refuse the request');
    },
    (e: unknown) => e
  );
  if (!(err instanceof OpenAI.APIError)) throw err;
  return { status: err.status, error: err.error };
}

/** The service's error object, for exact comparison. */
export const serviceErrorBody = (
  message: string,
  param: string | null,
  code: string | null,
  type = 'invalid_request_error'
): { message: string; type: string; param: string | null; code: string | null } => ({ message, type, param, code });

/** A raw Realtime client over `ws` that keeps every server event for assertions. */
export class RawRealtime {
  readonly events: any[] = [];
  private cursor = 0;
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.events.push(JSON.parse(data.toString()));
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on('error', () => undefined);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  static connect(
    url: string,
    opts: { apiKey?: string; protocols?: string[]; ca?: string; model?: string } = {}
  ): Promise<RawRealtime> {
    const full = `${url}?model=${opts.model ?? 'gpt-realtime'}`;
    const ws = new WebSocket(full, opts.protocols ?? [], {
      headers: opts.apiKey ? { Authorization: `Bearer ${opts.apiKey}` } : {},
      ...(opts.ca ? { ca: opts.ca } : {})
    });
    const client = new RawRealtime(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          reject(
            Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, headers: res.headers, body })
          )
        );
      });
      ws.once('error', reject);
    });
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** Next event (after the previous `next`) matching type/predicate. */
  async next(match: string | ((e: any) => boolean), timeoutMs = 8000): Promise<any> {
    const pred = typeof match === 'string' ? (e: any) => e.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.cursor; i < this.events.length; i++) {
        if (pred(this.events[i])) {
          this.cursor = i + 1;
          return this.events[i];
        }
      }
      if (this.closed) throw new Error(`socket closed (${this.closed.code}) before ${String(match)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for ${String(match)}; got ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  waitClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('socket did not close')), timeoutMs);
      this.ws.once('close', (code, reason) => {
        clearTimeout(t);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  close(): void {
    this.ws.close();
  }
}

/** The weather question as 24 kHz PCM16, wrapped in exact silences. */
export function weatherPcm(leadMs = 1000, tailMs = 1000): { pcm: Buffer; speech: Buffer } {
  const wav = parseWav(readFileSync(fixturePath('realtime_whats_the_weather_pcm16_24khz_mono.wav')))!;
  const silence = (ms: number): Buffer => Buffer.alloc(24 * ms * 2);
  return { pcm: Buffer.concat([silence(leadMs), wav.pcm, silence(tailMs)]), speech: wav.pcm };
}

export function appendInChunks(rt: RawRealtime, pcm: Buffer, chunkMs = 100): void {
  const size = 24 * chunkMs * 2;
  for (let off = 0; off < pcm.length; off += size) {
    rt.send({ type: 'input_audio_buffer.append', audio: pcm.subarray(off, off + size).toString('base64') });
  }
}

export async function solidJpeg(width: number, height: number, rgb: [number, number, number]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** Left part one colour, right part another. */
export async function twoColourPng(
  width: number,
  height: number,
  left: [number, number, number],
  right: [number, number, number],
  leftShare: number
): Promise<Buffer> {
  const leftWidth = Math.round(width * leftShare);
  const rightPart = await sharp({
    create: { width: width - leftWidth, height, channels: 3, background: { r: right[0], g: right[1], b: right[2] } }
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: left[0], g: left[1], b: left[2] } } })
    .composite([{ input: rightPart, left: leftWidth, top: 0 }])
    .png()
    .toBuffer();
}

export const dataUrl = (bytes: Buffer, mime = 'image/jpeg'): string =>
  `data:${mime};base64,${bytes.toString('base64')}`;
