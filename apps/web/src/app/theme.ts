import { createContext, useContext, useEffect, useState } from 'react';
import type { ThemeName } from '../terminal/terminal-theme.js';

export const THEME_STORAGE_KEY = 'bmplab.theme';

/** The remembered theme; dark unless the user chose light. */
export function loadTheme(storage: Pick<Storage, 'getItem'> | undefined): ThemeName {
  try {
    return storage?.getItem(THEME_STORAGE_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export interface ThemeControl {
  theme: ThemeName;
  toggle: () => void;
}

export const ThemeContext = createContext<ThemeControl>({ theme: 'dark', toggle: () => undefined });

export function useTheme(): ThemeControl {
  return useContext(ThemeContext);
}

/** Theme state for the root: applied to <html data-theme>, remembered in localStorage. */
export function useThemeState(): ThemeControl {
  const [theme, setTheme] = useState<ThemeName>(() => loadTheme(globalThis.localStorage));
  useEffect(() => {
    document.documentElement.dataset['theme'] = theme;
    document.documentElement.style.colorScheme = theme;
    try {
      localStorage.setItem(THEME_STORAGE_KEY, theme);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, [theme]);
  return { theme, toggle: () => setTheme((t) => (t === 'dark' ? 'light' : 'dark')) };
}
