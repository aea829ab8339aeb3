/**
 * react-i18next set-up: Vietnamese by default, full English. The chosen language is remembered in
 * localStorage (a preference, not a credential) and mirrored to `<html lang>`; API requests send it
 * as `Accept-Language` so problem titles come back in the same language.
 */
import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

export const LANGUAGE_STORAGE_KEY = 'cadre.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const saved = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage can be disabled (private mode, sandboxed iframe): fall back to the default
  }
  return DEFAULT_LANGUAGE;
}

function reflectLanguage(lng: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

/** Initialise i18next once per app entry with that app's namespaces only (the chair app ships fewer). */
export function setupI18n(resources: Resource, namespaces: readonly string[]): typeof i18n {
  if (i18n.isInitialized) return i18n;
  void i18n.use(initReactI18next).init({
    resources,
    lng: storedLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: [...namespaces],
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  reflectLanguage(i18n.language);
  i18n.on('languageChanged', (lng) => {
    reflectLanguage(lng);
    try {
      globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lng);
    } catch {
      // ignore: the choice then lasts for this page only
    }
  });
  return i18n;
}

/** The current UI language, always one of LANGUAGES. */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

export default i18n;
