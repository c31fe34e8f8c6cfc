import { useId } from 'react';
import type { Appearance, Settings, Theme } from '../../../shared/settings';
import { useAnnouncer } from '../announcer';

interface Props {
  settings: Settings | null;
  onSettings(settings: Settings): void;
}

/** 100 to 400 % in steps of 25. */
const TEXT_SIZES = Array.from({ length: 13 }, (_, i) => 100 + i * 25);
const LINE_SPACINGS = [1.2, 1.5, 1.75, 2, 2.5];
const THEME_NAMES: Record<Theme, string> = {
  system: 'As the computer is set (light or dark)',
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast',
  'yellow-on-black': 'Yellow on black'
};

/** The choices, with the saved value among them even when it was set elsewhere (another size in range). */
const withSaved = (choices: number[], saved: number) =>
  choices.includes(saved) ? choices : [...choices, saved].sort((a, b) => a - b);

const sizeName = (percent: number) => `${percent} %`;
const spacingName = (lines: number) => (lines === 1.5 ? '1.5 (usual)' : String(lines));

/** Large print and colours: each choice is applied and said at once, with no Save button. */
export function AppearanceSettings({ settings, onSettings }: Props) {
  const { announce } = useAnnouncer();
  const ids = { size: useId(), spacing: useId(), theme: useId(), hint: useId() };
  if (!settings) return null;
  const { textSize, lineSpacing, theme } = settings.appearance;

  const change = async (patch: Partial<Appearance>, what: string, said: string) => {
    const result = await window.lumen.settings.update({ appearance: patch });
    if (!result.ok) return announce(`${what} was not changed. ${result.error.message}`, 'assertive');
    onSettings(result.value);
    announce(said);
  };

  return (
    <section aria-labelledby="appearance-heading">
      <h2 id="appearance-heading">Text and colours</h2>
      <p id={ids.hint} className="hint">
        Each choice applies at once. At any text size the page scrolls down, never sideways; answers are shown half as
        large again.
      </p>
      <label htmlFor={ids.size}>Text size</label>
      <select
        id={ids.size}
        value={textSize}
        aria-describedby={ids.hint}
        onChange={(e) => {
          const size = Number(e.target.value);
          void change({ textSize: size }, 'The text size', `Text size ${sizeName(size)}.`);
        }}
      >
        {withSaved(TEXT_SIZES, textSize).map((size) => (
          <option key={size} value={size}>
            {sizeName(size)}
          </option>
        ))}
      </select>
      <label htmlFor={ids.spacing}>Line spacing</label>
      <select
        id={ids.spacing}
        value={lineSpacing}
        onChange={(e) => {
          const lines = Number(e.target.value);
          void change({ lineSpacing: lines }, 'The line spacing', `Line spacing ${spacingName(lines)}.`);
        }}
      >
        {withSaved(LINE_SPACINGS, lineSpacing).map((lines) => (
          <option key={lines} value={lines}>
            {spacingName(lines)}
          </option>
        ))}
      </select>
      <label htmlFor={ids.theme}>Colours</label>
      <select
        id={ids.theme}
        value={theme}
        onChange={(e) => {
          const chosen = e.target.value as Theme;
          void change({ theme: chosen }, 'The colours', `Colours: ${THEME_NAMES[chosen]}.`);
        }}
      >
        {(Object.keys(THEME_NAMES) as Theme[]).map((t) => (
          <option key={t} value={t}>
            {THEME_NAMES[t]}
          </option>
        ))}
      </select>
    </section>
  );
}
