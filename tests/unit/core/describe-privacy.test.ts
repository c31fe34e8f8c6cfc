import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Screenshot } from '../../../src/core/ports';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai';
import { memoryCore, uploads } from '../helpers';
import { darkShare, PRIVATE_SCREEN, privateScreenPng, sentJpeg } from '../../private-screen';

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

function sentImage(before: number): Buffer | undefined {
  return sentJpeg(fake.requests.slice(before).find((r) => r.path === '/v1/chat/completions')?.body);
}

const { pieces } = PRIVATE_SCREEN;
const privateScreen = () => privateScreenPng();

async function core(screenName = 'Entire screen') {
  const c = await memoryCore({
    env: { OPENAI_BASE_URL: fake.baseURL },
    screen: {
      displays: () => [],
      async capture(): Promise<Screenshot> {
        return { image: await privateScreen(), width: 1280, height: 720, name: screenName };
      }
    }
  });
  await c.router.invoke('secrets.setKey', { key: fake.apiKey });
  await c.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const said: string[] = [];
  const answers: string[] = [];
  c.subscribe((channel, payload) => {
    if (channel === 'status') said.push((payload as { text: string }).text);
    if (channel === 'answer.done') answers.push((payload as { text: string }).text);
  });
  return { core: c, said, answers };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('the privacy shield and the deny list in describe', () => {
  it('blacks out a card number, an e-mail address and a code before the picture leaves, and says so', async () => {
    const { core: c, said, answers } = await core();
    const before = fake.requests.length;
    const result = await c.router.invoke('describe.start', { source: 'screen', image: await privateScreen() });
    expect(result).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    await until(() => answers.length > 0);
    const sent = sentImage(before)!;
    expect(await sharp(sent).metadata()).toMatchObject({ width: 1024, height: 576 });
    for (const piece of Object.values(pieces)) {
      const dark = await darkShare(sent, piece);
      if (piece.private) expect(dark, piece.text).toBeGreaterThan(0.95);
      else expect(dark, piece.text).toBeLessThan(0.5);
    }
    expect(said).toContain('3 private items hidden: a card number, an e-mail address and a security code.');
  });

  it('set to ask, holds the picture and names what it found; asked again, sends it as it is', async () => {
    const { core: c, answers } = await core();
    await c.router.invoke('settings.update', { privacy: { shield: 'ask' } });
    const before = fake.requests.length;
    const sentBefore = uploads(fake);
    const held = await c.router.invoke('describe.start', { source: 'screen', image: await privateScreen() });
    expect(held).toEqual({
      ok: true,
      value: {
        id: null,
        guard: {
          reason: 'private',
          message: expect.stringMatching(
            /^This picture shows 3 private items: a card number, an e-mail address and a security code\. Nothing was sent\./
          )
        }
      }
    });
    expect(uploads(fake)).toBe(sentBefore);
    await c.router.invoke('describe.start', { source: 'screen', image: await privateScreen(), insist: true });
    await until(() => answers.length > 0);
    expect(await darkShare(sentImage(before)!, pieces.card)).toBeLessThan(0.5);
  });

  it('never sends a deny-listed window, even when asked again; the list is the user’s', async () => {
    const { core: c } = await core();
    const before = uploads(fake);
    const image = await privateScreen();
    for (const insist of [false, true]) {
      expect(
        await c.router.invoke('describe.start', { source: 'window', image, windowName: 'Vault — Bitwarden', insist })
      ).toEqual({
        ok: true,
        value: {
          id: null,
          guard: {
            reason: 'denied',
            message: 'Lumen does not send pictures of Bitwarden. You can change this in Settings.'
          }
        }
      });
    }
    await c.router.invoke('settings.update', { privacy: { denyList: ['Tax Return'] } });
    expect(
      await c.router.invoke('describe.start', { source: 'window', image, windowName: '2025 tax return.pdf' })
    ).toMatchObject({ ok: true, value: { guard: { reason: 'denied' } } });
    expect(uploads(fake)).toBe(before);
  });

  it('the desktop app checks the captured window’s own name', async () => {
    const { core: c } = await core('Passwords.kdbx - KeePassXC');
    const before = uploads(fake);
    expect(await c.router.invoke('describe.capture', { target: 'window' })).toMatchObject({
      ok: true,
      value: { id: null, guard: { reason: 'denied', message: expect.stringContaining('KeePassXC') } }
    });
    expect(uploads(fake)).toBe(before);
  });

  it('rejects a deny list that is not a list of names', async () => {
    const { core: c } = await core();
    expect(await c.router.invoke('settings.update', { privacy: { denyList: 'Bitwarden' } as never })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
    expect(await c.router.invoke('settings.update', { privacy: { shield: 'maybe' } as never })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST' }
    });
  });
});
