import { useEffect } from 'react';
import type { Appearance } from '../../shared/settings';

/**
 * Large print and colours for the whole page, kept to the settings the window holds (as loaded, and
 * as changed here or in another window): the root's font size (every rem and em follows it), its
 * line height, and the theme themes.css picks by data-theme.
 */
export function useAppearance(appearance: Appearance | undefined): void {
  useEffect(() => {
    if (!appearance) return;
    const root = document.documentElement;
    root.style.fontSize = `${appearance.textSize}%`;
    root.style.lineHeight = String(appearance.lineSpacing);
    root.dataset.theme = appearance.theme;
  }, [appearance]);
}
