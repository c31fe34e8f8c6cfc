import https from 'node:https';
import OpenAI from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './index';
import { BEFORE_SHUTDOWNS, RawRealtime } from './test-helpers';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ tls: true, today: BEFORE_SHUTDOWNS });
});
afterAll(() => fake.close());

describe('TLS mode (HTTPS/WSS with a certificate generated at start-up)', () => {
  it('serves HTTPS that verifies against the exposed CA', async () => {
    expect(fake.baseURL).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(fake.ca).toContain('BEGIN CERTIFICATE');
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get(`${fake.baseURL}/models`, { ca: fake.ca, headers: { authorization: `Bearer ${fake.apiKey}` } }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body).object).toBe('list');
  });

  it("the SDK's own OpenAIRealtimeWS (always wss:) completes a text response", async () => {
    const client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseURL });
    const rt = new OpenAIRealtimeWS(
      { model: 'gpt-realtime', options: { ca: fake.ca, rejectUnauthorized: false } },
      client
    );
    const errors: unknown[] = [];
    rt.on('error', (e) => errors.push(e));
    const types: string[] = [];
    rt.on('event', (e) => types.push(e.type));
    await new Promise<void>((resolve) => rt.on('session.created', () => resolve()));
    const text = new Promise<string>((resolve) => rt.on('response.output_text.done', (e) => resolve(e.text)));
    const done = new Promise<void>((resolve) => rt.on('response.done', () => resolve()));
    rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
    rt.send({
      type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello over tls' }] }
    });
    rt.send({ type: 'response.create' });
    await done;
    expect(await text).toBe('You said: hello over tls');
    expect(types).toContain('session.updated');
    expect(errors).toEqual([]);
    rt.close();
  });

  it('a raw ws client verifies the wss certificate with the CA', async () => {
    const rt = await RawRealtime.connect(fake.realtimeURL, { apiKey: fake.apiKey, ca: fake.ca! });
    expect(fake.realtimeURL).toMatch(/^wss:/);
    expect((await rt.next('session.created')).session.model).toBe('gpt-realtime');
    rt.close();
  });
});
