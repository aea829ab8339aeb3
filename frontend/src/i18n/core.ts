/**
 * react-i18next set-up: Vietnamese by default, full English. The chosen language is remembered in
 * localStorage (a preference, not a credential) and mirrored to `<html lang>`; API requests send it
 * as `Accept-Language` so problem titles come back in the same language.
 */
import i18n, { type BackendModule, type Resource, type ResourceLanguage } from 'i18next';
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

/** Every namespace of one language, loaded as one chunk (see index.ts). */
export type LanguageLoader = (lng: Language) => Promise<ResourceLanguage>;

/**
 * An i18next backend over a per-language loader: the first namespace asked for brings the whole language at once,
 * so a screen that borrows another namespace's text (`t('conduct:…')`) never meets an unloaded one.
 */
function languageBackend(load: LanguageLoader): BackendModule {
  const loading = new Map<string, Promise<ResourceLanguage>>();
  return {
    type: 'backend',
    init() {},
    read(lng, ns, callback) {
      if (!isLanguage(lng)) {
        callback(null, {});
        return;
      }
      let bundle = loading.get(lng);
      if (!bundle) {
        bundle = load(lng).then((namespaces) => {
          for (const [name, data] of Object.entries(namespaces)) {
            if (!i18n.hasResourceBundle(lng, name)) i18n.addResourceBundle(lng, name, data, true, false);
          }
          return namespaces;
        });
        bundle.catch(() => loading.delete(lng)); // a failed download is retried on the next request
        loading.set(lng, bundle);
      }
      bundle.then(
        (namespaces) => callback(null, (namespaces[ns] ?? {}) as ResourceLanguage),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
      );
    },
  };
}

/**
 * Initialise i18next once per app entry with that app's namespaces only (the chair app ships fewer). With `load`,
 * `resources` holds what the first screen needs and the rest of a language comes on demand (the officer app).
 */
export function setupI18n(resources: Resource, namespaces: readonly string[], load?: LanguageLoader): typeof i18n {
  if (i18n.isInitialized) return i18n;
  if (load) i18n.use(languageBackend(load));
  void i18n.use(initReactI18next).init({
    resources,
    partialBundledLanguages: load !== undefined,
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
