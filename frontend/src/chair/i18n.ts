/**
 * The chair app's i18n: only the namespaces it uses (not the officer app's screens). Vietnamese, the default, is in
 * the first load; English is one small chunk fetched when chosen (or at start-up when it was chosen before) — the
 * service worker precaches it, so switching works offline too.
 */
import type { ResourceLanguage } from 'i18next';

import { setupI18n, type Language } from '../i18n/core';
import viAuth from '../i18n/locales/vi/auth.json';
import viChair from '../i18n/locales/vi/chair.json';
import viCommon from '../i18n/locales/vi/common.json';
import viErrors from '../i18n/locales/vi/errors.json';

export const CHAIR_NAMESPACES = ['common', 'auth', 'chair', 'errors'] as const;

const vi: ResourceLanguage = { common: viCommon, auth: viAuth, chair: viChair, errors: viErrors };

setupI18n({ vi }, CHAIR_NAMESPACES, (lng: Language) =>
  lng === 'en' ? import('./i18n-en').then((m) => m.default) : Promise.resolve(vi),
);

export { currentLanguage } from '../i18n/core';
