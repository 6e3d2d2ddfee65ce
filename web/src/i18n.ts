// i18next with the two bundled languages. The choice is remembered in localStorage; the first visit
// follows the browser (ja* → Japanese, anything else → English). Dates and numbers follow the language.
import i18n from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { en, ja } from './locales';

export type Lang = 'ja' | 'en';
const KEY = 'mamori.lang';

function initialLang(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'ja' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ja: { translation: ja } },
  lng: initialLang(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export const currentLang = (): Lang => (i18n.language === 'ja' ? 'ja' : 'en');

const LOCALE: Record<Lang, string> = { ja: 'ja-JP', en: 'en-GB' };

/** Localized formatters that re-render with the language. */
export function useFormat() {
  const { i18n: inst } = useTranslation();
  const locale = LOCALE[inst.language === 'ja' ? 'ja' : 'en'];
  const num = new Intl.NumberFormat(locale);
  const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const d = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const md = new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric' });
  const safe = (f: Intl.DateTimeFormat) => (iso: string | null | undefined) => {
    if (!iso) return '—';
    const t = new Date(iso);
    return Number.isNaN(t.getTime()) ? iso : f.format(t);
  };
  return { num: (n: number) => num.format(n), dateTime: safe(dt), date: safe(d), monthDay: safe(md) };
}

export default i18n;
