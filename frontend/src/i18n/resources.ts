import enAuth from './locales/en/auth.json';
import enChair from './locales/en/chair.json';
import enCommon from './locales/en/common.json';
import enEnums from './locales/en/enums.json';
import enErrors from './locales/en/errors.json';
import enUnits from './locales/en/units.json';
import enActions from './locales/en/actions.json';
import enPlanning from './locales/en/planning.json';
import enAdmin from './locales/en/admin.json';
import enOps from './locales/en/ops.json';
import viAuth from './locales/vi/auth.json';
import viChair from './locales/vi/chair.json';
import viCommon from './locales/vi/common.json';
import viEnums from './locales/vi/enums.json';
import viErrors from './locales/vi/errors.json';
import viUnits from './locales/vi/units.json';
import viActions from './locales/vi/actions.json';
import viPlanning from './locales/vi/planning.json';
import viAdmin from './locales/vi/admin.json';
import viOps from './locales/vi/ops.json';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';

export const NAMESPACES = ['common', 'auth', 'units', 'chair', 'errors', 'enums', 'actions', 'ops', 'admin', 'planning'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  vi: { common: viCommon, auth: viAuth, units: viUnits, chair: viChair, errors: viErrors, enums: viEnums, actions: viActions, ops: viOps, admin: viAdmin, planning: viPlanning },
  en: { common: enCommon, auth: enAuth, units: enUnits, chair: enChair, errors: enErrors, enums: enEnums, actions: enActions, ops: enOps, admin: enAdmin, planning: enPlanning },
} as const;
