/** The console's languages: Chinese first, English second, the choice remembered in this browser. */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const STORAGE_KEY = 'mediation-console.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // A browser that refuses storage still switches, for this page only.
  }
}
