import enAuth from './locales/en/auth.json';
import enCadres from './locales/en/cadres.json';
import enChair from './locales/en/chair.json';
import enDashboard from './locales/en/dashboard.json';
import enCommon from './locales/en/common.json';
import enConduct from './locales/en/conduct.json';
import enEnums from './locales/en/enums.json';
import enErrors from './locales/en/errors.json';
import enEvaluation from './locales/en/evaluation.json';
import enTraining from './locales/en/training.json';
import enUnits from './locales/en/units.json';
import viAuth from './locales/vi/auth.json';
import viCadres from './locales/vi/cadres.json';
import viChair from './locales/vi/chair.json';
import viDashboard from './locales/vi/dashboard.json';
import viCommon from './locales/vi/common.json';
import viConduct from './locales/vi/conduct.json';
import viEnums from './locales/vi/enums.json';
import viErrors from './locales/vi/errors.json';
import viEvaluation from './locales/vi/evaluation.json';
import viTraining from './locales/vi/training.json';
import viUnits from './locales/vi/units.json';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

export const NAMESPACES = ['common', 'auth', 'units', 'chair', 'errors', 'enums', 'cadres', 'dashboard', 'evaluation', 'training', 'conduct'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  vi: { common: viCommon, auth: viAuth, units: viUnits, chair: viChair, errors: viErrors, enums: viEnums, cadres: viCadres, dashboard: viDashboard, evaluation: viEvaluation, training: viTraining, conduct: viConduct },
  en: { common: enCommon, auth: enAuth, units: enUnits, chair: enChair, errors: enErrors, enums: enEnums, cadres: enCadres, dashboard: enDashboard, evaluation: enEvaluation, training: enTraining, conduct: enConduct },
} as const;
