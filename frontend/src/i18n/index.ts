/** The officer app's i18n: every namespace (see core.ts for the set-up shared with the chair app). */
import i18n, { setupI18n } from './core';
import { NAMESPACES, resources } from './resources';

setupI18n(resources, NAMESPACES);

export { currentLanguage, DEFAULT_LANGUAGE, isLanguage, LANGUAGE_STORAGE_KEY, LANGUAGES, type Language } from './core';
export default i18n;
