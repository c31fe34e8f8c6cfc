import { describe, expect, it } from 'vitest';
import {
  applySettingsPatch,
  DEFAULT_SETTINGS,
  loadSettings,
  settingsPatchSchema,
  SETTINGS_VERSION,
  UNENCRYPTED_ENDPOINT
} from '../../../src/shared/settings';
import { startupNotices } from '../../../src/core/startup-notices';

describe('settings', () => {
  it('starts from defaults when nothing is stored', () => {
    expect(loadSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, reset: [] });
  });

  it('migrates the unversioned layout, renaming baseUrl to endpoint', () => {
    const { settings, reset } = loadSettings({ baseUrl: 'http://127.0.0.1:9000/v1', shortcuts: { stop: 'Alt+F12' } });
    expect(settings.version).toBe(SETTINGS_VERSION);
    expect(settings.endpoint).toBe('http://127.0.0.1:9000/v1');
    expect(settings.shortcuts.stop).toBe('Alt+F12');
    expect(settings.shortcuts.describeScreen).toBe(DEFAULT_SETTINGS.shortcuts.describeScreen);
    expect(reset).toEqual([]);
  });

  it('migrates version 1: its default gpt-4o lets Lumen choose; another model stays the user’s choice', () => {
    const old = {
      version: 1,
      assistant: { model: 'gpt-4o', sceneModel: 'gpt-4o', screenModel: 'gpt-4o', detail: 'low' }
    };
    const defaulted = loadSettings(old);
    expect(defaulted.reset).toEqual([]);
    expect(defaulted.settings.models).toEqual(DEFAULT_SETTINGS.models);
    expect(defaulted.settings.assistant).toEqual({ ...DEFAULT_SETTINGS.assistant, detail: 'low' });
    const chosen = loadSettings({
      version: 1,
      assistant: { model: 'gpt-4o', sceneModel: 'gpt-4.1', screenModel: 'gpt-4o' }
    });
    expect(chosen.settings.models).toEqual({ ...DEFAULT_SETTINGS.models, describe: 'gpt-4.1' });
    expect(chosen.reset).toEqual([]);
  });

  it('migrates version 2: the conversation’s section, called voice, keeps its choices as conversation', () => {
    const chosen = { mode: 'push-to-talk', turnDetection: 'semantic_vad', idleMinutes: 12, captions: false };
    const { settings, reset } = loadSettings({ version: 2, voice: chosen, speech: { voice: 'en-gb' } });
    expect(settings.conversation).toEqual(chosen);
    expect(settings.speech.voice).toBe('en-gb');
    expect(settings.version).toBe(3);
    expect(reset).toEqual([]);
    expect(loadSettings({ version: 2 }).settings.conversation).toEqual(DEFAULT_SETTINGS.conversation);
  });

  it('refuses a model name that is not one', () => {
    expect(settingsPatchSchema.safeParse({ models: { describe: 'gpt 4o; rm -rf' } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ models: { describe: 'x'.repeat(101) } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ models: { conversation: 'gpt-realtime-2.1' } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ models: { teleport: 'gpt-4o' } }).success).toBe(false);
  });

  it('resets only the fields it cannot read and says which', () => {
    const { settings, reset } = loadSettings({
      version: 1,
      endpoint: 'ftp://nope',
      shortcuts: { talk: 'Alt+T', teleport: 'Alt+P' },
      speech: { rate: 1.5, volume: 7, provider: 'screen-reader' },
      assistant: 'gpt-4o'
    });
    expect(settings.endpoint).toBe('');
    expect(settings.shortcuts.talk).toBe('Alt+T');
    expect(settings.speech).toMatchObject({ rate: 1.5, volume: 1, provider: 'screen-reader' });
    expect(settings.assistant).toEqual(DEFAULT_SETTINGS.assistant);
    expect(reset).toEqual(['endpoint', 'shortcut teleport', 'speech volume', 'assistant']);
  });

  it('does not trust settings written by a newer version or of the wrong type', () => {
    expect(loadSettings({ version: 99, endpoint: 'http://x' }).settings).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings('garbage').reset).toEqual(['all settings']);
    expect(loadSettings([1, 2]).reset).toEqual(['all settings']);
  });

  it('applies a validated patch without touching other fields', () => {
    const next = applySettingsPatch(DEFAULT_SETTINGS, { shortcuts: { stop: 'Alt+F9' } });
    expect(next.shortcuts.stop).toBe('Alt+F9');
    expect(next.shortcuts.talk).toBe(DEFAULT_SETTINGS.shortcuts.talk);
    expect(next.endpoint).toBe('');
  });

  it('rejects unknown fields and bad endpoints in a patch', () => {
    expect(settingsPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ endpoint: 'javascript:alert(1)' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ endpoint: 'https://example.test/v1' }).success).toBe(true);
  });

  it('takes http:// only for this computer: loopback addresses and localhost', () => {
    for (const endpoint of [
      'http://127.0.0.1:8080/v1',
      'http://127.1.2.3/v1',
      'http://[::1]:8080/v1',
      'http://localhost:4000/v1',
      'HTTP://LOCALHOST/v1',
      'https://example.test/v1',
      ''
    ]) {
      expect(settingsPatchSchema.safeParse({ endpoint }).success, endpoint).toBe(true);
    }
    for (const endpoint of [
      'http://example.com/v1',
      'http://10.0.0.2:8080/v1',
      'http://127.0.0.1.nip.io/v1',
      'http://localhost.example.com/v1',
      'http://[::2]/v1',
      'http://0.0.0.0:8080/v1'
    ]) {
      const parsed = settingsPatchSchema.safeParse({ endpoint });
      expect(parsed.success, endpoint).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(UNENCRYPTED_ENDPOINT);
    }
  });

  it('resets a stored http:// endpoint off this computer, and says so', () => {
    const { settings, reset } = loadSettings({ version: SETTINGS_VERSION, endpoint: 'http://example.com/v1' });
    expect(settings.endpoint).toBe('');
    expect(reset).toEqual(['endpoint']);
    expect(loadSettings({ version: SETTINGS_VERSION, endpoint: 'http://127.0.0.1:9/v1' })).toMatchObject({
      settings: { endpoint: 'http://127.0.0.1:9/v1' },
      reset: []
    });
  });

  describe('appearance', () => {
    it('takes defaults when a file from before large print has no appearance section', () => {
      const { settings, reset } = loadSettings({ version: SETTINGS_VERSION, speech: { rate: 1.5 } });
      expect(settings.appearance).toEqual({ textSize: 100, lineSpacing: 1.5, theme: 'system' });
      expect(settings.speech.rate).toBe(1.5);
      expect(reset).toEqual([]);
    });

    it('keeps every theme and every size and spacing in range', () => {
      for (const theme of ['system', 'light', 'dark', 'high-contrast', 'yellow-on-black'] as const) {
        const appearance = { textSize: 400, lineSpacing: 2.5, theme };
        expect(loadSettings({ version: SETTINGS_VERSION, appearance })).toEqual({
          settings: { ...DEFAULT_SETTINGS, appearance },
          reset: []
        });
      }
      expect(
        loadSettings({ version: SETTINGS_VERSION, appearance: { textSize: 100, lineSpacing: 1.2 } }).reset
      ).toEqual([]);
    });

    it('resets a theme from a newer Lumen and a size out of range, keeps the rest, and says which once', () => {
      const { settings, reset } = loadSettings({
        version: SETTINGS_VERSION,
        speech: { rate: 1.5 },
        appearance: { textSize: 450, lineSpacing: 2, theme: 'sepia' }
      });
      expect(settings.appearance).toEqual({ textSize: 100, lineSpacing: 2, theme: 'system' });
      expect(settings.speech.rate).toBe(1.5);
      expect(reset).toEqual(['appearance textSize', 'appearance theme']);
      const notices = startupNotices({ reset, failedShortcuts: 0 });
      expect(notices).toHaveLength(1);
      expect(notices[0]?.text).toBe(
        'Some saved settings could not be read and were set back to their defaults: appearance textSize, appearance theme.'
      );
    });

    it('refuses a patch with an unknown theme, a size out of range or a spacing too tight', () => {
      expect(settingsPatchSchema.safeParse({ appearance: { theme: 'high-contrast' } }).success).toBe(true);
      expect(settingsPatchSchema.safeParse({ appearance: { textSize: 325, lineSpacing: 1.75 } }).success).toBe(true);
      for (const appearance of [
        { theme: 'sepia' },
        { textSize: 99 },
        { textSize: 401 },
        { textSize: 150.5 },
        { lineSpacing: 1.1 },
        { lineSpacing: 2.6 },
        { fontFamily: 'serif' }
      ]) {
        expect(settingsPatchSchema.safeParse({ appearance }).success, JSON.stringify(appearance)).toBe(false);
      }
    });

    it('changes one appearance field without touching the others', () => {
      const next = applySettingsPatch(DEFAULT_SETTINGS, { appearance: { textSize: 300 } });
      expect(next.appearance).toEqual({ ...DEFAULT_SETTINGS.appearance, textSize: 300 });
      expect(next.speech).toEqual(DEFAULT_SETTINGS.speech);
    });
  });
});
