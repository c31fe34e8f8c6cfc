// Runs the parts of a packed Lumen that are read from disk, with plain Node, from its
// app.asar.unpacked folder only: sharp (its addon and libvips) draws a line of text, the text reader
// (tesseract.js's worker script, engine and English data) reads it back, and the offline voice's
// worker (out/main/offline-voice-worker.js, the file the app runs) has espeak-ng write a WAV. It is
// not Electron, but it proves the files shipped are complete. Prints one problem a line, or one JSON
// line with what was made.  Usage: node smoke.mjs <…/resources/app.asar.unpacked>
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const PHRASE = 'Lumen reads 42 lines';
const unpacked = process.argv[2];
// Resolves as code in the unpacked folder would; nothing outside it may answer.
const requireHere = createRequire(join(unpacked, 'index.js'));
const problems = [];

function locate(specifier) {
  const path = requireHere.resolve(specifier);
  if (!path.startsWith(unpacked + sep)) throw new Error(`${specifier} was found outside the package, at ${path}`);
  return path;
}

async function step(what, work) {
  try {
    return await work();
  } catch (error) {
    problems.push(
      `Plain Node from app.asar.unpacked: ${what} failed: ${String(error?.message ?? error).split('\n')[0]}`
    );
    return undefined;
  }
}

const png = await step('sharp drawing text', async () => {
  const sharp = requireHere(locate('sharp'));
  const text = sharp({ text: { text: PHRASE, font: 'sans', dpi: 200 } });
  const { width, height } = await text.metadata();
  return sharp({ create: { width: width + 40, height: height + 40, channels: 3, background: '#ffffff' } })
    .composite([{ input: await text.negate({ alpha: false }).png().toBuffer(), left: 20, top: 20, blend: 'multiply' }])
    .png()
    .toBuffer();
});

const text =
  png &&
  (await step('the text reader reading it back', async () => {
    const { createWorker } = requireHere(locate('tesseract.js'));
    const dataDir = join(locate('@tesseract.js-data/eng/package.json'), '..', '4.0.0_best_int');
    const worker = await createWorker('eng', 1, {
      langPath: dataDir,
      gzip: true,
      cacheMethod: 'none',
      workerPath: locate('tesseract.js/src/worker-script/node/index.js')
    });
    try {
      await worker.setParameters({ user_defined_dpi: '200' });
      const { data } = await worker.recognize(png);
      if (!data.text.includes(PHRASE)) throw new Error(`it read "${data.text.trim()}", not "${PHRASE}"`);
      return data.text.trim();
    } finally {
      await worker.terminate();
    }
  }));

const wav = await step('the offline voice writing a WAV', async () => {
  const worker = new Worker(join(unpacked, 'out', 'main', 'offline-voice-worker.js'), {
    workerData: { espeak: pathToFileURL(locate('espeak-ng')).href }
  });
  try {
    const reply = await new Promise((resolve, reject) => {
      worker.on('error', reject);
      worker.on('exit', (code) => reject(new Error(`the worker stopped (exit code ${code})`)));
      worker.on('message', (message) => {
        if (message.ready) worker.postMessage({ id: 1, args: ['-v', 'en-us', '-w', '/lumen.wav', PHRASE] });
        else resolve(message);
      });
    });
    if (reply.error) throw new Error(reply.error);
    const bytes = reply.wav;
    if (!bytes || Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== 'RIFF' || bytes.length < 10_000)
      throw new Error(`it wrote ${bytes?.length ?? 0} bytes, not a spoken WAV`);
    return bytes;
  } finally {
    await worker.terminate();
  }
});

for (const problem of problems) console.log(problem);
if (problems.length) process.exit(1);
console.log(JSON.stringify({ text, wavBytes: wav.length, pngBytes: png.length }));
