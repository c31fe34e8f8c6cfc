import AxeBuilder from '@axe-core/playwright';
import { PAGE_CLIP_REST, PAGE_CLIP_SECONDS, pageClipFile } from '../clips/page-clip';
import { LETTER } from '../unit/core/document/pages';
import { characterErrorRate } from '../ocr-known-text';
import { GUIDE_CUE_WORDS, type DocumentStatus } from '../../src/shared/contract';
import type { Page } from '@playwright/test';
import { expect, openSettings, pageInOwnBrowser, test } from './fixtures';

/*
 * Reading a letter with the camera in Chromium, the fake camera playing a generated clip
 * (tests/clips/page-clip.ts) in which the page slides in from the left and comes to rest: the cues
 * heard come in order, the page is taken once at rest, and the letter is read aloud.
 */

interface Said {
  at: number;
  text: string;
}
interface State {
  at: number;
  status: DocumentStatus;
}
interface Tone {
  at: number;
  hz: number;
}

const clipTest = test.extend({
  page: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) =>
      pageInOwnBrowser([`--use-file-for-fake-video-capture=${await pageClipFile()}`], async (page) => {
        // When the camera opened, on the page's clock: the fake camera plays the clip from its start then.
        // And every tone the page plays, with its pitch, as it starts.
        await page.addInitScript(() => {
          const w = window as unknown as { tones: Tone[] };
          w.tones = [];
          const start = OscillatorNode.prototype.start;
          OscillatorNode.prototype.start = function (this: OscillatorNode, ...args) {
            w.tones.push({ at: performance.now(), hz: this.frequency.value });
            return start.apply(this, args);
          };
          const media = navigator.mediaDevices;
          const open = media.getUserMedia.bind(media);
          media.getUserMedia = async (constraints) => {
            const stream = await open(constraints);
            (window as unknown as { cameraOpened: number }).cameraOpened = performance.now();
            return stream;
          };
        });
        await use(page);
      }),
    { scope: 'test', timeout: 120_000 }
  ]
});

/** Keeps what is said, as the screen-reader log receives it, and every state, each with the page's time. */
async function recordWhatIsSaid(app: Page) {
  await app.evaluate(() => {
    const w = window as unknown as { said: Said[]; states: State[] };
    w.said = [];
    w.states = [];
    const log = document.querySelector('[data-testid="speech-log"]')!;
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        w.said.push({ at: performance.now(), text: node.textContent ?? '' });
      }
    }).observe(log, { childList: true });
    window.lumen.on('document.state', (status) => w.states.push({ at: performance.now(), status }));
  });
}

const recorded = (app: Page) =>
  app.evaluate(() => {
    const w = window as unknown as { said: Said[]; states: State[]; tones: Tone[]; cameraOpened: number };
    return { said: w.said, states: w.states, tones: w.tones, cameraOpened: w.cameraOpened };
  });

clipTest('a page sliding into view is guided in, taken once at rest, and read aloud', async ({ app, lumen }) => {
  clipTest.setTimeout(180_000);
  const patch = { speech: { provider: 'screen-reader' as const } };
  expect((await app.evaluate((p) => window.lumen.settings.update(p), patch)).ok).toBe(true);
  await recordWhatIsSaid(app);
  // Started as a user would, once Lumen is up: its warm-up (text reading's workers) is done.
  await expect.poll(() => lumen.output(), { timeout: 60_000 }).toContain('warmed up');

  const button = app.getByRole('button', { name: 'Read with the camera', exact: true });
  await button.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByRole('button', { name: 'Stop reading with the camera' })).toBeVisible();
  await expect(app.getByTestId('camera-reading-status')).toContainText('The camera is on.');
  // The camera's frames are taken off the page's main thread, by the frame worker live description uses.
  // (Polled: the browser tells of a new worker a moment after the page made it.)
  await expect.poll(() => app.workers().map((w) => w.url())).toContainEqual(expect.stringMatching(/frame\.worker/));
  const violations = await new AxeBuilder({ page: app })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(violations.violations.map((v) => v.id)).toEqual([]);

  // The letter ends with its signature: once that is in the log, all of it has been said.
  await expect(app.getByTestId('speech-log')).toContainText('Customer Service', { timeout: 90_000 });
  await expect(app.getByTestId('live-polite')).toContainText('Page read. The text reader moves through it.');
  await expect(app.getByRole('button', { name: 'Read with the camera', exact: true })).toBeVisible();

  const { said, states, tones, cameraOpened } = await recorded(app);
  // Framing cues are words by default: no tone is played.
  expect(tones).toEqual([]);
  const transcript = said.map((s) => s.text).join(' ');
  const cues = [
    GUIDE_CUE_WORDS['no-page'],
    GUIDE_CUE_WORDS['move-right'],
    GUIDE_CUE_WORDS['hold-still'],
    'All four edges visible, reading.'
  ];
  const order = cues.map((cue) => transcript.indexOf(cue));
  expect(
    order.every((at, i) => at >= 0 && (i === 0 || at > order[i - 1]!)),
    transcript
  ).toBe(true);
  // No cue of the slide is said after a later one.
  expect(transcript.lastIndexOf(GUIDE_CUE_WORDS['no-page'])).toBeLessThan(order[1]!);
  expect(transcript.lastIndexOf(GUIDE_CUE_WORDS['move-right'])).toBeLessThan(order[2]!);

  // Taken at rest: the camera plays the clip from its opening, so the clip was at least this far on.
  const taken = states.find((s) => s.status.state === 'reading')!;
  const clipSeconds = (taken.at - cameraOpened) / 1000;
  const heard = transcript.slice(0, transcript.indexOf('reading.') + 8);
  clipTest.info().annotations.push({ type: 'heard', description: `${heard} Taken ${clipSeconds.toFixed(2)} s in.` });
  expect(clipSeconds).toBeGreaterThan(PAGE_CLIP_REST);
  expect(clipSeconds).toBeLessThan(PAGE_CLIP_SECONDS);

  const letter = transcript.slice(transcript.indexOf('All four edges visible, reading.') + 32);
  expect(characterErrorRate(LETTER.join('\n'), letter), letter).toBeLessThanOrEqual(0.03);

  // The existing text reader holds the page read, at its first line, and moves through it.
  await expect(app.getByTestId('reading-position')).toHaveText(/^Line 1 of \d+\.$/);
  await app.getByTestId('text-reader').focus();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByTestId('reading-position')).toHaveText(/^Line 2 of \d+\.$/);
});

clipTest(
  'with sounds chosen, a tone rising in pitch guides the page in, and no cue is said in words',
  async ({ app, lumen }) => {
    clipTest.setTimeout(180_000);
    const patch = { speech: { provider: 'screen-reader' as const } };
    expect((await app.evaluate((p) => window.lumen.settings.update(p), patch)).ok).toBe(true);
    // Chosen on the Reading settings page, as a user would, and said when chosen.
    await openSettings(app, 'Reading');
    const framing = app.getByRole('group', { name: 'Framing cues when reading with the camera' });
    await framing.getByRole('radio', { name: /^Sounds/ }).check();
    await expect(app.getByTestId('live-polite')).toContainText('Framing cues saved');
    await expect(framing.getByRole('radio', { name: /^Sounds/ })).toBeChecked();
    await app.getByRole('button', { name: 'Home', exact: true }).click();
    await recordWhatIsSaid(app);
    await expect.poll(() => lumen.output(), { timeout: 60_000 }).toContain('warmed up');

    await app.getByRole('button', { name: 'Read with the camera', exact: true }).click();
    await expect(app.getByTestId('speech-log')).toContainText('Customer Service', { timeout: 90_000 });
    const { said, states, tones } = await recorded(app);

    const transcript = said.map((s) => s.text).join(' ');
    for (const words of Object.values(GUIDE_CUE_WORDS)) expect(transcript).not.toContain(words);
    expect(transcript).toContain('All four edges visible, reading.');
    // The tones while guiding: twice a second at most, from the empty table's low one rising to the framed page's.
    const taken = states.find((s) => s.status.state === 'reading')!.at;
    const guiding = tones.filter((t) => t.at < taken);
    const pitches = guiding.map((t) => Math.round(t.hz));
    clipTest.info().annotations.push({ type: 'tones', description: pitches.join(' ') });
    expect(guiding.length).toBeGreaterThanOrEqual(10);
    expect(guiding.every((t, i) => i === 0 || t.at - guiding[i - 1]!.at > 400)).toBe(true);
    expect(
      pitches.every((hz, i) => i === 0 || hz >= pitches[i - 1]!),
      pitches.join(' ')
    ).toBe(true);
    expect(pitches.at(-1)! / pitches[0]!).toBeGreaterThan(3);
    // None once the page is taken.
    expect(tones.filter((t) => t.at > taken + 100)).toEqual([]);
  }
);

test('Escape on reading with the camera, or the app’s Stop, ends it: the camera closes, and it is said once', async ({
  app
}) => {
  const patch = { speech: { provider: 'screen-reader' as const } };
  expect((await app.evaluate((p) => window.lumen.settings.update(p), patch)).ok).toBe(true);
  const frameWorkers = () => app.workers().filter((w) => /frame\.worker/.test(w.url()));
  const stopped = app.getByTestId('speech-log').getByText('Reading with the camera stopped.');
  const start = app.getByRole('button', { name: 'Read with the camera', exact: true });

  await start.click();
  await expect(app.getByTestId('camera-reading-status')).toContainText('The camera is on.');
  await expect(app.getByRole('button', { name: 'Stop reading with the camera' })).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(start).toBeFocused();
  await expect(stopped).toHaveCount(1);
  await expect.poll(frameWorkers).toHaveLength(0);
  // Escape ended reading with the camera, and only that: the home screen stays.
  await expect(app.getByRole('heading', { name: 'Read text' })).toBeVisible();

  await start.click();
  await expect(app.getByTestId('camera-reading-status')).toContainText('The camera is on.');
  await app.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(start).toBeVisible();
  await expect(app.getByTestId('camera-reading-status')).not.toContainText('The camera is on.');
  await expect(stopped).toHaveCount(2);
  await expect.poll(frameWorkers).toHaveLength(0);
});
