import { describe, expect, it } from 'vitest';
import { privateScreenPng } from '../../private-screen';
import { memoryCore, speakAsPage } from '../helpers';
import { until } from './conversation/helpers';

/**
 * A core whose speech goes to the screen reader, so every utterance arrives as an event with its
 * text; the test says each was spoken, as the window does, so the next one follows.
 */
async function core(withKey: boolean) {
  const c = await memoryCore(); // its endpoint is a closed port: the service cannot be reached
  if (withKey) await c.router.invoke('secrets.setKey', { key: 'sk-test-unreachable' });
  await c.router.invoke('settings.update', { speech: { provider: 'screen-reader', earcons: false } });
  const said: string[] = [];
  let quiet = true;
  c.subscribe((channel, payload) => {
    if (channel === 'speech.state') {
      const state = payload as { speaking: boolean; queued: number };
      quiet = !state.speaking && state.queued === 0;
    }
  });
  speakAsPage(c, (u) => said.push(u.text));
  /** Something was said, and Lumen has since said all it had to say (its speech.state is idle). */
  const done = () => said.length > 0 && quiet;
  return { core: c, said, done };
}

describe('describing the screen without the service', () => {
  for (const [situation, withKey, reason] of [
    ['no key is set', false, 'No API key is set.'],
    ['the service cannot be reached', true, 'Lumen could not reach the service.']
  ] as const) {
    it(`when ${situation}, says so and reads the screen's text offline instead`, async () => {
      const { core: c, said } = await core(withKey);
      const image = await privateScreenPng(['welcome', 'thanks']);
      expect(await c.router.invoke('describe.start', { source: 'screen', image })).toMatchObject({ ok: true });
      await until(() => said.some((t) => t.includes('Thanks for shopping')), 20_000, 'the text read aloud');
      const all = said.join(' ');
      const explained = all.indexOf('Here is the text on the screen instead, read offline.');
      expect(all.startsWith(reason)).toBe(true);
      expect(explained).toBeGreaterThan(0);
      expect(all.indexOf('Welcome back, Sam')).toBeGreaterThan(explained);
    });
  }

  it('a camera picture is not read as text: it only says why it could not be described', async () => {
    const { core: c, said, done } = await core(false);
    const image = await privateScreenPng(['welcome']);
    await c.router.invoke('describe.start', { source: 'camera', image });
    // The reason may come as more than one utterance: wait for Lumen to fall quiet, not for the first.
    await until(done, 10_000, 'the reason, said to its end');
    expect(said.join(' ')).toBe('No API key is set. Open Settings and enter your OpenAI API key.');
  });
});
