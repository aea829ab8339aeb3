/** The chair app's i18n: only the namespaces it uses (not the officer app's screens). */
import { setupI18n } from '../i18n/core';
import enAuth from '../i18n/locales/en/auth.json';
import enChair from '../i18n/locales/en/chair.json';
import enCommon from '../i18n/locales/en/common.json';
import enErrors from '../i18n/locales/en/errors.json';
import viAuth from '../i18n/locales/vi/auth.json';
import viChair from '../i18n/locales/vi/chair.json';
import viCommon from '../i18n/locales/vi/common.json';
import viErrors from '../i18n/locales/vi/errors.json';

export const CHAIR_NAMESPACES = ['common', 'auth', 'chair', 'errors'] as const;

setupI18n(
  {
    vi: { common: viCommon, auth: viAuth, chair: viChair, errors: viErrors },
    en: { common: enCommon, auth: enAuth, chair: enChair, errors: enErrors },
  },
  CHAIR_NAMESPACES,
);

export { currentLanguage } from '../i18n/core';
