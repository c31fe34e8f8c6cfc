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

/**
 * A desktop host whose screen shows `windows` (front to back, as desktopCapturer names them). The
 * captured picture is the private screen; `windows` may change between calls, or fail.
 */
async function desktopCore(windows: { now: string[] | Error }, options: { listsWindows?: boolean } = {}) {
  const asked: string[] = [];
  const c = await memoryCore({
    host: 'electron',
    env: { OPENAI_BASE_URL: fake.baseURL },
    screen: {
      displays: () => [],
      async capture(target): Promise<Screenshot> {
        asked.push(`capture ${target}`);
        const name = target === 'window' ? (windows.now as string[])[0]! : 'Entire screen';
        return { image: await privateScreen(), width: 1280, height: 720, name };
      },
      ...(options.listsWindows === false
        ? {}
        : {
            async visibleWindows() {
              asked.push('windows');
              if (windows.now instanceof Error) throw windows.now;
              return [...windows.now];
            }
          })
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
  // Answers still streaming would count as another test's uploads.
  const answered = (count: number) => until(() => answers.length >= count);
  return { core: c, asked, said, answered };
}

const ON_SCREEN = 'A window of Bitwarden is on the screen, so Lumen sends nothing.';
const denied = (message: string | RegExp = ON_SCREEN) => ({
  ok: true,
  value: { id: null, guard: { reason: 'denied', message: expect.stringMatching(message) } }
});

describe('the deny list and the other windows on the screen (desktop app)', () => {
  it('a picture of the whole screen is not sent while a deny-listed window is open, even when asked again', async () => {
    const { core: c, said } = await desktopCore({ now: ['Inbox - Mail', 'Vault — Bitwarden', 'Lumen'] });
    const before = uploads(fake);
    for (const insist of [false, true]) {
      expect(await c.router.invoke('describe.capture', { target: 'screen', insist })).toEqual(denied());
    }
    expect(said[0]).toMatch(/^A window of Bitwarden is on the screen, so Lumen sends nothing\. /);
    expect(uploads(fake)).toBe(before);
  });

  it('a region is checked the same way: the windows on the screen when it was captured and when it is sent', async () => {
    const windows = { now: ['Passwords.kdbx - KeePassXC', 'Inbox - Mail'] };
    const { core: c, answered } = await desktopCore(windows);
    const before = uploads(fake);
    const image = await privateScreen();
    expect(await c.router.invoke('describe.start', { source: 'region', image })).toEqual(
      denied(/^A window of KeePassXC is on the screen, so Lumen sends nothing\./)
    );
    // The page cuts a region from a screenshot taken while KeePassXC was open, then it is closed.
    expect(await c.router.invoke('screen.capture', { target: 'screen' })).toMatchObject({ ok: true });
    windows.now = ['Inbox - Mail'];
    expect(await c.router.invoke('describe.start', { source: 'region', image })).toEqual(
      denied(/^A window of KeePassXC is on the screen/)
    );
    expect(uploads(fake)).toBe(before);
    // A fresh screenshot without it: the region is sent.
    await c.router.invoke('screen.capture', { target: 'screen' });
    const sent = await c.router.invoke('describe.start', { source: 'region', image });
    expect(sent).toMatchObject({ ok: true, value: { id: expect.any(String) } });
    await answered(1);
  });

  it('the list is the user’s, and matches whole words in any window’s name', async () => {
    const windows = { now: ['2025 tax return.pdf - Preview', 'Terminal'] };
    const { core: c, answered } = await desktopCore(windows);
    await c.router.invoke('settings.update', { privacy: { denyList: ['Tax Return'] } });
    expect(await c.router.invoke('describe.capture', { target: 'screen' })).toEqual(
      denied(/^A window of Tax Return is on the screen/)
    );
    windows.now = ['Taxreturnology - Browser'];
    expect(await c.router.invoke('describe.capture', { target: 'screen' })).toMatchObject({
      ok: true,
      value: { id: expect.any(String) }
    });
    await answered(1);
  });

  it('a window, the camera or a file is judged by itself, not by the other windows', async () => {
    const { core: c, asked, answered } = await desktopCore({ now: ['Inbox - Mail', 'Vault — Bitwarden'] });
    const image = await privateScreen();
    expect(await c.router.invoke('describe.capture', { target: 'window' })).toMatchObject({
      ok: true,
      value: { id: expect.any(String) }
    });
    for (const source of ['camera', 'file'] as const) {
      expect(await c.router.invoke('describe.start', { source, image }), source).toMatchObject({
        ok: true,
        value: { id: expect.any(String) }
      });
    }
    expect(asked).not.toContain('windows');
    await answered(3);
  });

  it('when the windows cannot be listed, nothing is sent (the check fails closed)', async () => {
    const { core: c } = await desktopCore({ now: new Error('desktopCapturer failed') });
    const before = uploads(fake);
    expect(await c.router.invoke('describe.capture', { target: 'screen' })).toEqual(
      denied(/^Lumen could not check which windows are on the screen, so it sends nothing\./)
    );
    expect(uploads(fake)).toBe(before);
  });

  it('a host that cannot list windows sends the screen as before (the web host names only what it captured)', async () => {
    const { core: c, answered } = await desktopCore({ now: ['Vault — Bitwarden'] }, { listsWindows: false });
    expect(await c.router.invoke('describe.capture', { target: 'screen' })).toMatchObject({
      ok: true,
      value: { id: expect.any(String) }
    });
    await answered(1);
  });

  it('the conversation is shown nothing of a screen with a deny-listed window, and the model is told why', async () => {
    const { core: c } = await desktopCore({ now: ['Vault — Bitwarden', 'Inbox - Mail'] });
    const images = () => fake.realtimeEvents.filter((r) => JSON.stringify(r.event).includes('input_image')).length;
    const outputs = () =>
      fake.realtimeEvents
        .map((r) => r.event as { type: string; item?: { type?: string; output?: string } })
        .filter((e) => e.type === 'conversation.item.create' && e.item?.type === 'function_call_output')
        .map((e) => e.item!.output!);
    const before = { images: images(), outputs: outputs().length };
    await c.router.invoke('conversation.start', {});
    // "Show screen": the host captures it.
    expect(await c.router.invoke('conversation.show', { source: 'screen' })).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^A window of Bitwarden is on the screen/) }
    });
    // A region or a screen the page captured.
    const image = await privateScreen();
    for (const source of ['region', 'screen'] as const) {
      expect(await c.router.invoke('conversation.show', { source, image }), source).toMatchObject({
        ok: false,
        error: { code: 'UNAVAILABLE', message: expect.stringMatching(/^A window of Bitwarden is on the screen/) }
      });
    }
    // The model looks at the screen by itself.
    fake.requestFunctionCall('look', { source: 'screen' });
    await c.router.invoke('conversation.say', { text: 'What is on my screen?' });
    await until(() => outputs().length > before.outputs);
    expect(outputs().at(-1)).toContain(ON_SCREEN);
    expect(images()).toBe(before.images);
    await c.router.invoke('conversation.stop', {});
  });
});
