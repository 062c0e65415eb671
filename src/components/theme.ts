/** Light/dark theme: the system's choice unless the reader pressed the toggle, which is remembered. */

export type Theme = 'light' | 'dark';
const STORAGE_KEY = 'inside-deepseek-theme';

/** The theme in force now: the stored choice, else the system's. */
export function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === 'light' || chosen === 'dark') return chosen;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function remember(theme: Theme): void {
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage can be off (private windows, file:// in some browsers): the choice lasts for this page only.
  }
}

/** Shows the toggle and wires it; the early inline script in BaseLayout has already applied a stored choice. */
export function initThemeToggle(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    // A toggle button named "Dark theme": pressed means the dark theme is showing.
    const render = () => button.setAttribute('aria-pressed', String(currentTheme() === 'dark'));
    button.hidden = false;
    render();
    button.addEventListener('click', () => {
      const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
      document.documentElement.dataset.theme = next;
      remember(next);
      render();
    });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', render);
  }
}
