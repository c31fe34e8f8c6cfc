import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/core/ports';
import type { Espeak, EspeakResult } from '../../../../src/core/speech/offline/espeak-runner.mts';
import { OfflineSpeech } from '../../../../src/core/speech/offline/offline-speech';
import { chooseOfflineVoice, OfflineVoiceList, parseVoiceList } from '../../../../src/core/speech/offline/voice-list';

const TABLE = [
  'Pty Language       Age/Gender VoiceName          File                 Other Languages',
  ' 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)',
  ' 5  cmn             --/M      Chinese_(Mandarin) sit/cmn              (zh-cmn 5)(zh 5)',
  ' 5  de              --/M      German             gmw/de               '
];

/** An espeak that gives each run the next of `answers`, and counts the runs. */
function scriptedEspeak(...answers: (EspeakResult | Error)[]): Espeak & { runs: string[][] } {
  const runs: string[][] = [];
  return {
    runs,
    run: async (args) => {
      const answer = answers[runs.length]!;
      runs.push(args);
      if (answer instanceof Error) throw answer;
      return answer;
    }
  };
}

describe('offline voice list', () => {
  it('asks espeak once and keeps the list for every later call', async () => {
    const espeak = scriptedEspeak({ output: TABLE });
    const list = new OfflineVoiceList(espeak);
    const [first, second] = await Promise.all([list.list(), list.list()]);
    expect(first.map((v) => v.id)).toEqual(['en-gb', 'cmn', 'de']);
    expect(second).toBe(first);
    expect(await list.list()).toBe(first);
    expect(espeak.runs).toEqual([['--voices']]);
  });

  it('asks again after a failure, including a run that listed no voices', async () => {
    const espeak = scriptedEspeak(new Error('no worker'), { output: ['espeak: out of memory'] }, { output: TABLE });
    const list = new OfflineVoiceList(espeak);
    await expect(list.list()).rejects.toThrow('no worker');
    await expect(list.list()).rejects.toThrow('espeak: out of memory');
    expect((await list.list()).map((v) => v.id)).toEqual(['en-gb', 'cmn', 'de']);
    expect(espeak.runs).toHaveLength(3);
  });

  it('reads espeak’s voice table', () => {
    expect(parseVoiceList(TABLE)).toEqual([
      { id: 'en-gb', name: 'English (Great Britain)', languages: [{ tag: 'en', priority: 2 }] },
      {
        id: 'cmn',
        name: 'Chinese (Mandarin)',
        languages: [
          { tag: 'zh-cmn', priority: 5 },
          { tag: 'zh', priority: 5 }
        ]
      },
      { id: 'de', name: 'German', languages: [] }
    ]);
  });
});

describe('offline voice list from espeak', () => {
  const speech = new OfflineSpeech({ logger: silentLogger });
  afterAll(() => speech.close());

  it('lists its built-in voices and picks one for a language', async () => {
    const voices = await speech.voices.list();
    const ids = voices.map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['en-us', 'en-gb', 'de', 'fr-fr', 'es', 'cmn']));
    expect(chooseOfflineVoice(voices, {})).toEqual({ id: 'en-us' });
    expect(chooseOfflineVoice(voices, { language: 'en-US' })).toEqual({ id: 'en-us' });
    expect(chooseOfflineVoice(voices, { language: 'de-AT' })).toEqual({ id: 'de' });
    expect(chooseOfflineVoice(voices, { language: 'fr' })).toEqual({ id: 'fr-fr' });
    expect(chooseOfflineVoice(voices, { language: 'zh-CN' })).toEqual({ id: 'cmn' });
    expect(chooseOfflineVoice(voices, { language: 'tlh' })).toEqual({ id: 'en-us' });
    expect(chooseOfflineVoice(voices, { voice: 'FR', language: 'de' })).toEqual({ id: 'fr-fr' });
    expect(chooseOfflineVoice(voices, { voice: 'nova', language: 'de' })).toEqual({
      id: 'de',
      warning: 'The offline voice has no "nova" voice; using the default.'
    });
  });
});
