import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUD_HINT } from '../../../../src/cli/read';
import { EXIT, runCli } from '../../../../src/cli/run';
import type { Core } from '../../../../src/core/app';
import { NO_KEY } from '../../../../src/core/assistant/assistant';
import { CLOUD_OFFER, KEPT_OFFLINE, OFFER_FROM, unclearShare } from '../../../../src/core/document/cloud-help';
import { readPage } from '../../../../src/core/document/read-page';
import { OcrEngine } from '../../../../src/core/ocr/engine';
import { UNCLEAR_TEXT } from '../../../../src/core/ocr/navigator';
import type { DocumentStatus, EventPayload, TextUtterance } from '../../../../src/shared/contract';
import { startFakeOpenAI, type FakeOpenAI } from '../../../fakes/openai';
import { characterErrorRate } from '../../../ocr-known-text';
import { sentJpeg } from '../../../private-screen';
import { memoryCore, uploads } from '../../helpers';
import { LETTER, photographedPage, stillFrames, type Conditions } from './pages';

/*
 * Asking the cloud to read a page read poorly offline: offered only when many words were unclear,
 * sent only when asked, through the privacy shield, and its text then in the text reader. The fake
 * service answers with a text the test sets (it cannot read pixels); what is checked is where that
 * text goes and what was sent.
 */
let fake: FakeOpenAI;
let engine: OcrEngine;
const cores: Core[] = [];
beforeAll(async () => {
  fake = await startFakeOpenAI();
  engine = new OcrEngine();
  await engine.warmUp();
}, 60_000);
afterAll(() => Promise.all([fake.close(), engine.terminate(), ...cores.map((c) => c.close())]));

/** A camera too blurred for the letter to be read offline (every word unclear). */
const BLURRED: Conditions = { pose: { rotate: 2 }, blur: 2.5 };
/** The letter as the cloud reads it in these tests. */
const CLOUD_TEXT = LETTER.join('\n');

const chatRequests = (from: number) => fake.requests.slice(from).filter((r) => r.path === '/v1/chat/completions');

async function run(argv: string[], env: NodeJS.ProcessEnv) {
  const dir = await mkdtemp(join(tmpdir(), 'lumen-cloud-read-'));
  let out = '';
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (line) => (out += `${line}\n`),
    write: (text) => (out += text),
    err: (line) => err.push(line),
    env: { LUMEN_DATA_DIR: dir, ...env },
    nodeVersion: 'v22.23.3'
  });
  return { code, out: out.trimEnd(), err: err.join('\n') };
}

async function photoFile(conditions: Conditions, lines?: readonly string[]) {
  const file = join(await mkdtemp(join(tmpdir(), 'lumen-cloud-photo-')), 'letter.jpg');
  await writeFile(file, (await photographedPage(conditions, lines)).jpeg);
  return file;
}

/** A core with the fake's key whose speech is written out, and the page held still in front of its camera. */
async function cameraCore() {
  const said: string[] = [];
  const waiters: { text: string; resolve: () => void }[] = [];
  const clock = { now: 0 };
  const core = await memoryCore({
    host: 'cli',
    now: () => clock.now,
    env: { OPENAI_BASE_URL: fake.baseURL },
    write: ({ text }: TextUtterance) => {
      said.push(text);
      for (const w of waiters.filter((w) => said.join(' ').includes(w.text))) w.resolve();
    }
  });
  cores.push(core);
  await core.router.invoke('secrets.setKey', { key: fake.apiKey });
  const offers: boolean[] = [];
  const states: DocumentStatus['state'][] = [];
  core.subscribe((channel, payload) => {
    if (channel === 'document.offer') offers.push((payload as EventPayload<'document.offer'>).cloud);
    if (channel === 'document.state') states.push((payload as DocumentStatus).state);
  });
  /** Resolves once `text` has been said. */
  const heard = (text: string) =>
    new Promise<void>((resolve) => {
      if (said.join(' ').includes(text)) resolve();
      else waiters.push({ text, resolve });
    });
  const showPage = async (conditions: Conditions) => {
    await core.router.invoke('document.start', {});
    for (const image of await stillFrames(conditions, 6)) {
      clock.now += 250;
      const reply = await core.router.invoke('document.frame', { image });
      if (reply.ok && (reply.value as { result: string }).result === 'taken') return;
    }
    throw new Error('The page was not taken.');
  };
  /** Resolves once the page taken has been read and reading with the camera is off. */
  const read = () =>
    new Promise<void>((resolve) => {
      const off = core.subscribe((channel, payload) => {
        if (channel === 'document.state' && (payload as DocumentStatus).state === 'off') {
          off();
          resolve();
        }
      });
    });
  return { core, said, offers, states, heard, showPage, read };
}

describe('asking the cloud to read a page', { timeout: 120_000 }, () => {
  it('counts a page as having many unclear words only when the letter has lost its sense', async () => {
    const share = async (conditions: Conditions) =>
      unclearShare((await readPage((await photographedPage(conditions)).jpeg, (png) => engine.recognize(png))).result);
    expect(await share({ pose: { rotate: 2 } })).toBe(0);
    // Slightly blurred, a word in twelve or so is unclear and the letter still reads.
    expect(await share({ pose: { rotate: 2 }, blur: 1.5 })).toBeLessThan(OFFER_FROM);
    expect(await share(BLURRED)).toBeGreaterThanOrEqual(OFFER_FROM);
  });

  it('offers the cloud for a blurred page, sends nothing until asked, then sends it once and reads its text', async () => {
    const { core, said, offers, heard, showPage, read } = await cameraCore();
    const before = uploads(fake);
    const chatBefore = fake.requests.length;
    const done = read();
    await showPage(BLURRED);
    await done;
    await heard(CLOUD_OFFER);
    expect(offers).toEqual([true]);
    // The offline reading was said before the offer, and nothing left this computer.
    expect(said.join(' ').indexOf(UNCLEAR_TEXT)).toBeLessThan(said.join(' ').indexOf(CLOUD_OFFER));
    expect(uploads(fake)).toBe(before);

    fake.setReply(CLOUD_TEXT);
    try {
      const asked = await core.router.invoke('document.cloud', {});
      expect(asked).toEqual({ ok: true, value: { read: true, lines: LETTER.length } });
    } finally {
      fake.setReply(null);
    }
    const sent = chatRequests(chatBefore);
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.body)).toContain('Transcribe all the text on this page');
    expect(sentJpeg(sent[0]!.body)).toBeDefined();
    await heard(LETTER.at(-1)!);
    expect(offers).toEqual([true, false]);
    // The cloud's text is the text reader's now: line by line, word by word.
    expect(await core.router.invoke('read.navigate', { action: 'next-line' })).toEqual({
      ok: true,
      value: { text: LETTER[1], line: 2, lines: LETTER.length }
    });
    expect(await core.router.invoke('read.navigate', { action: 'next-word' })).toMatchObject({
      ok: true,
      value: { text: 'you' }
    });
  });

  it('does not offer the cloud for a page read well', async () => {
    const { said, offers, heard, showPage, read } = await cameraCore();
    const done = read();
    await showPage({ pose: { rotate: 2 } });
    await done;
    await heard(LETTER.at(-1)!);
    expect(offers).toEqual([false]);
    expect(said.join(' ')).not.toContain(CLOUD_OFFER);
  });

  it('when the service fails, says so and keeps the offline reading', async () => {
    const { core, said, heard, showPage, read } = await cameraCore();
    const done = read();
    await showPage(BLURRED);
    await done;
    await heard(CLOUD_OFFER);
    const offline = await core.router.invoke('read.navigate', { action: 'repeat' });
    fake.inject('chat', { kind: 'status', status: 500 }, 6); // both models, each with the client's retries
    expect(await core.router.invoke('document.cloud', {})).toEqual({ ok: true, value: { read: false, lines: 0 } });
    await heard(KEPT_OFFLINE);
    // Why first, then what still works.
    const transcript = said.join(' ');
    const why = transcript.indexOf('The service is having problems right now.');
    expect(why).toBeGreaterThan(transcript.indexOf(CLOUD_OFFER));
    expect(transcript.indexOf(KEPT_OFFLINE)).toBeGreaterThan(why);
    expect(await core.router.invoke('read.navigate', { action: 'repeat' })).toEqual(offline);
  });

  it('lumen read --document --cloud sends the page with a card number blacked out, and prints the text read', async () => {
    const card = '4111 1111 1111 1111';
    const lines = [...LETTER.slice(0, 2), `Your card number is ${card}.`, ...LETTER.slice(2)];
    const file = await photoFile({ pose: { rotate: 2 } }, lines);
    const chatBefore = fake.requests.length;
    fake.setReply(CLOUD_TEXT);
    let result;
    try {
      result = await run(['read', '--image', file, '--document', '--cloud'], {
        OPENAI_API_KEY: fake.apiKey,
        OPENAI_BASE_URL: fake.baseURL
      });
    } finally {
      fake.setReply(null);
    }
    expect(result).toMatchObject({ code: EXIT.ok, out: CLOUD_TEXT });
    expect(result.err).toContain('a card number');
    const sent = chatRequests(chatBefore);
    expect(sent).toHaveLength(1);
    // The page that left, read here: the letter is there, the card number is not.
    const seen = (await engine.recognize(sentJpeg(sent[0]!.body)!)).text;
    expect(characterErrorRate(LETTER[0]!, seen.split('\n')[0]!)).toBeLessThanOrEqual(0.1);
    expect(seen).toContain('Your card number is');
    expect(seen.replace(/\s/g, '')).not.toMatch(/4111|1111/);
  });

  it('lumen read --document --cloud without a key says a key is needed, prints the offline reading and exits 1', async () => {
    const file = await photoFile({ pose: { rotate: 2 } });
    const before = uploads(fake);
    const result = await run(['read', '--image', file, '--document', '--cloud'], { OPENAI_BASE_URL: fake.baseURL });
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toContain(NO_KEY);
    expect(result.err).toContain(KEPT_OFFLINE);
    expect(characterErrorRate(LETTER.join('\n'), result.out)).toBeLessThanOrEqual(0.03);
    expect(uploads(fake)).toBe(before);
  });

  it('lumen read --document on a blurred page suggests --cloud and sends nothing', async () => {
    const file = await photoFile(BLURRED);
    const before = uploads(fake);
    const result = await run(['read', '--image', file, '--document'], { OPENAI_BASE_URL: fake.baseURL });
    expect(result.code).toBe(EXIT.ok);
    expect(result.err).toContain(CLOUD_HINT);
    expect(uploads(fake)).toBe(before);
  });
});
