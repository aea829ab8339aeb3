/**
 * The officer app's i18n. The sign-in page and the shell (menu, errors) need only the Vietnamese
 * namespaces bundled here; every other namespace, and English, comes as one chunk per language, fetched at start-up
 * in parallel with the session and awaited by a screen only if it is not there yet (react-i18next suspends).
 * Tests use eager.ts, which bundles everything.
 */
import { setupI18n, type Language } from './core';
import viAuth from './locales/vi/auth.json';
import viCommon from './locales/vi/common.json';
import viEnums from './locales/vi/enums.json';
import viErrors from './locales/vi/errors.json';
import { NAMESPACES } from './resources';

const i18n = setupI18n(
  { vi: { common: viCommon, auth: viAuth, enums: viEnums, errors: viErrors } },
  NAMESPACES,
  (lng: Language) => (lng === 'en' ? import('./bundle-en') : import('./bundle-vi')).then((m) => m.default),
);

export { currentLanguage, DEFAULT_LANGUAGE, isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from './core';
export default i18n;
