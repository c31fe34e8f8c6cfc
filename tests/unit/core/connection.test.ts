import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConnection } from '../../../src/core/openai/connection';
import { baseUrlProblem, resolveEndpoint, speakableHost } from '../../../src/core/openai/endpoint';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe('endpoint', () => {
  it('prefers what the user typed, then OPENAI_BASE_URL, then the service', () => {
    expect(resolveEndpoint('http://a.test/v1/', { OPENAI_BASE_URL: 'http://b.test/v1' })).toBe('http://a.test/v1');
    expect(resolveEndpoint('', { OPENAI_BASE_URL: 'http://b.test/v1' })).toBe('http://b.test/v1');
    expect(resolveEndpoint(' ', {})).toBe('https://api.openai.com/v1');
    expect(speakableHost('http://127.0.0.1:4000/v1')).toBe('127.0.0.1 port 4000');
    expect(speakableHost('http://[::1]:4000/v1')).toBe('::1 port 4000');
  });

  it('says when OPENAI_BASE_URL, the endpoint in use, is not safe to send anything to', () => {
    const unsafe = { OPENAI_BASE_URL: 'http://example.com/v1' };
    expect(baseUrlProblem('', unsafe)).toMatch(/^OPENAI_BASE_URL is http:\/\/example\.com\/v1, so Lumen sends nothing/);
    // Not in use: the endpoint in Settings wins.
    expect(baseUrlProblem('https://b.test/v1', unsafe)).toBeUndefined();
    expect(baseUrlProblem('', { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toBeUndefined();
    expect(baseUrlProblem('', {})).toBeUndefined();
    // Never swapped for OpenAI's address: what was named is what is (not) used.
    expect(resolveEndpoint('', unsafe)).toBe('http://example.com/v1');
  });
});

describe('connection check against the fake service', () => {
  it('counts the models with a good key', async () => {
    const report = await checkConnection({ endpoint: fake.baseURL, key: fake.apiKey });
    expect(report.ok).toBe(true);
    expect(report.modelCount).toBeGreaterThan(0);
    expect(report.message).toBe(`Connected to 127.0.0.1 port ${fake.port}. ${report.modelCount} models are available.`);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/v1/models' });
  });

  it('says the key was refused on 401', async () => {
    const report = await checkConnection({ endpoint: fake.baseURL, key: 'sk-wrong-key-000' });
    expect(report).toMatchObject({ ok: false, message: expect.stringContaining('refused the API key') });
  });

  it('explains rate limits and server errors', async () => {
    fake.inject('models', { kind: 'status', status: 429, retryAfterSeconds: 1 });
    expect((await checkConnection({ endpoint: fake.baseURL, key: fake.apiKey })).message).toContain('rate limit');
    fake.inject('models', { kind: 'status', status: 500 });
    expect((await checkConnection({ endpoint: fake.baseURL, key: fake.apiKey })).message).toContain('error 500');
  });

  it('says when it cannot reach the endpoint, or it does not answer in time', async () => {
    const closed = await checkConnection({ endpoint: 'http://127.0.0.1:9/v1', key: 'sk-x' });
    expect(closed).toMatchObject({ ok: false, message: expect.stringContaining('could not reach 127.0.0.1 port 9') });
    fake.inject('models', { kind: 'delay', stage: 'headers', ms: 1000 });
    const slow = await checkConnection({ endpoint: fake.baseURL, key: fake.apiKey, timeoutMs: 200 });
    expect(slow).toMatchObject({ ok: false, message: expect.stringContaining('did not answer within') });
  });

  it('asks for a key before calling anything', async () => {
    const before = fake.requests.length;
    const report = await checkConnection({ endpoint: fake.baseURL, key: undefined });
    expect(report).toMatchObject({ ok: false, message: expect.stringContaining('No API key is set') });
    expect(fake.requests.length).toBe(before);
  });

  it('notices an endpoint that is not OpenAI-compatible', async () => {
    const other = createServer((_req, res) => res.end('<html>router login</html>'));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const port = (other.address() as AddressInfo).port;
    const report = await checkConnection({ endpoint: `http://127.0.0.1:${port}/v1`, key: 'sk-x' });
    other.close();
    expect(report.message).toContain('not like an OpenAI-compatible service');
  });
});
