import enAuth from './locales/en/auth.json';
import enChair from './locales/en/chair.json';
import enCommon from './locales/en/common.json';
import enErrors from './locales/en/errors.json';
import enUnits from './locales/en/units.json';
import viAuth from './locales/vi/auth.json';
import viChair from './locales/vi/chair.json';
import viCommon from './locales/vi/common.json';
import viErrors from './locales/vi/errors.json';
import viUnits from './locales/vi/units.json';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

export const NAMESPACES = ['common', 'auth', 'units', 'chair', 'errors'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  vi: { common: viCommon, auth: viAuth, units: viUnits, chair: viChair, errors: viErrors },
  en: { common: enCommon, auth: enAuth, units: enUnits, chair: enChair, errors: enErrors },
} as const;
