import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT, runCli } from '../../../src/cli/run';
import { characterErrorRate } from '../../ocr-known-text';
import { CONDITIONS, photographedPage } from '../core/document/pages';
import { textScreen, twoColumnScreen } from '../core/ocr/screens';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lumen-read-'));
  await writeFile(join(dir, 'columns.png'), (await twoColumnScreen()).png);
  await writeFile(
    join(dir, 'text.png'),
    (await textScreen({ font: 'DejaVu Sans', size: 16, theme: 'dark', lines: 2 })).png
  );
  await writeFile(
    join(dir, 'blank.png'),
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#fff' } })
      .png()
      .toBuffer()
  );
  await writeFile(join(dir, 'broken.png'), 'not a picture');
  await writeFile(join(dir, 'letter.jpg'), (await photographedPage(CONDITIONS['lit from one side'])).jpeg);
  // A 50 MP photo of the letter: shrunk on load, not decoded whole.
  await writeFile(
    join(dir, 'huge.jpg'),
    await sharp((await photographedPage(CONDITIONS['turned 8°'])).jpeg)
      .resize(8640, 5760, { kernel: 'cubic' })
      .jpeg({ quality: 80 })
      .toBuffer()
  );
  await writeFile(join(dir, 'truncated.jpg'), (await photographedPage()).jpeg.subarray(0, 5000));
});

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    write: (t) => out.push(t),
    err: (l) => err.push(l),
    env: { LUMEN_DATA_DIR: dir },
    nodeVersion: 'v22.23.3'
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('lumen read', { timeout: 30_000 }, () => {
  it('prints the text in reading order, a blank line between blocks', async () => {
    const result = await run(['read', '--image', join(dir, 'columns.png')]);
    expect(result.code).toBe(EXIT.ok);
    const lines = result.out.split('\n');
    expect(lines[0]).toBe('Weekly summary');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('Your order 4821 was shipped on 12 March.');
    expect(lines.indexOf('Battery at 73%, about 2 hours left.')).toBeLessThan(
      lines.indexOf('Press Save to keep the changes you made.')
    );
    expect(lines.filter((l) => l === '')).toHaveLength(4);
  });

  it('reads light text on a dark theme with --lang eng', async () => {
    const result = await run(['read', '--image', join(dir, 'text.png'), '--lang', 'eng']);
    expect(result).toMatchObject({
      code: EXIT.ok,
      out: 'Your order 4821 was shipped on 12 March.\nOpen the Settings menu to change the voice.'
    });
  });

  it('says "No text found." for a blank picture', async () => {
    expect(await run(['read', '--image', join(dir, 'blank.png')])).toMatchObject({
      code: EXIT.ok,
      out: 'No text found.'
    });
  });

  it('lists the installed languages when the language is missing', async () => {
    const result = await run(['read', '--image', join(dir, 'text.png'), '--lang', 'deu']);
    expect(result.code).toBe(EXIT.failed);
    expect(result.err).toContain('Installed: English (eng)');
  });

  it('fails clearly for a missing or broken file, and without --image', async () => {
    expect(await run(['read', '--image', join(dir, 'nope.png')])).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('cannot find')
    });
    expect(await run(['read', '--image', join(dir, 'broken.png')])).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('could not read that image')
    });
    expect((await run(['read'])).code).toBe(EXIT.usage);
  });

  it('reads a photographed letter lit from one side with --document', async () => {
    const letter = (await photographedPage(CONDITIONS['lit from one side'])).text;
    const result = await run(['read', '--image', join(dir, 'letter.jpg'), '--document']);
    expect(result.code).toBe(EXIT.ok);
    expect(characterErrorRate(letter, result.out)).toBeLessThanOrEqual(0.03);
  });

  it('reads a 50 MP photo with --document, scaled first', async () => {
    const letter = (await photographedPage(CONDITIONS['turned 8°'])).text;
    const result = await run(['read', '--image', join(dir, 'huge.jpg'), '--document']);
    expect(result.code).toBe(EXIT.ok);
    expect(characterErrorRate(letter, result.out)).toBeLessThanOrEqual(0.03);
  });

  it('fails plainly for a damaged photo with --document', async () => {
    expect(await run(['read', '--image', join(dir, 'truncated.jpg'), '--document'])).toMatchObject({
      code: EXIT.failed,
      out: '',
      err: expect.stringContaining('could not read that image')
    });
  });

  it('is in the help', async () => {
    expect((await run(['--help'])).out).toContain('lumen read --image FILE [--lang eng] [--document [--cloud]]');
  });
});
