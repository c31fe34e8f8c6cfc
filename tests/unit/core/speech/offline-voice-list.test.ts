import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../src/core/ports';
import { OfflineSpeech } from '../../../../src/core/speech/offline/offline-speech';
import { chooseOfflineVoice, parseVoiceList } from '../../../../src/core/speech/offline/voice-list';

const TABLE = [
  'Pty Language       Age/Gender VoiceName          File                 Other Languages',
  ' 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)',
  ' 5  cmn             --/M      Chinese_(Mandarin) sit/cmn              (zh-cmn 5)(zh 5)',
  ' 5  de              --/M      German             gmw/de               '
];

describe('offline voice list', () => {
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
