import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zh } from './messages';
import { storedLang } from './lang';

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { zh: { translation: zh }, en: { translation: en } },
    lng: storedLang(),
    fallbackLng: 'zh',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
