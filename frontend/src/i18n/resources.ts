import enActions from './locales/en/actions.json';
import enAdmin from './locales/en/admin.json';
import enAuth from './locales/en/auth.json';
import enCadres from './locales/en/cadres.json';
import enChair from './locales/en/chair.json';
import enCommon from './locales/en/common.json';
import enConduct from './locales/en/conduct.json';
import enDashboard from './locales/en/dashboard.json';
import enEnums from './locales/en/enums.json';
import enErrors from './locales/en/errors.json';
import enEvaluation from './locales/en/evaluation.json';
import enOps from './locales/en/ops.json';
import enPlanning from './locales/en/planning.json';
import enRotations from './locales/en/rotations.json';
import enTraining from './locales/en/training.json';
import enUnits from './locales/en/units.json';
import viActions from './locales/vi/actions.json';
import viAdmin from './locales/vi/admin.json';
import viAuth from './locales/vi/auth.json';
import viCadres from './locales/vi/cadres.json';
import viChair from './locales/vi/chair.json';
import viCommon from './locales/vi/common.json';
import viConduct from './locales/vi/conduct.json';
import viDashboard from './locales/vi/dashboard.json';
import viEnums from './locales/vi/enums.json';
import viErrors from './locales/vi/errors.json';
import viEvaluation from './locales/vi/evaluation.json';
import viOps from './locales/vi/ops.json';
import viPlanning from './locales/vi/planning.json';
import viRotations from './locales/vi/rotations.json';
import viTraining from './locales/vi/training.json';
import viUnits from './locales/vi/units.json';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

export const NAMESPACES = ['common', 'auth', 'units', 'chair', 'errors', 'enums', 'actions', 'admin', 'cadres', 'conduct', 'dashboard', 'evaluation', 'ops', 'planning', 'rotations', 'training'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  vi: {
    common: viCommon,
    auth: viAuth,
    units: viUnits,
    chair: viChair,
    errors: viErrors,
    enums: viEnums,
    actions: viActions,
    admin: viAdmin,
    cadres: viCadres,
    conduct: viConduct,
    dashboard: viDashboard,
    evaluation: viEvaluation,
    ops: viOps,
    planning: viPlanning,
    rotations: viRotations,
    training: viTraining,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    units: enUnits,
    chair: enChair,
    errors: enErrors,
    enums: enEnums,
    actions: enActions,
    admin: enAdmin,
    cadres: enCadres,
    conduct: enConduct,
    dashboard: enDashboard,
    evaluation: enEvaluation,
    ops: enOps,
    planning: enPlanning,
    rotations: enRotations,
    training: enTraining,
  },
} as const;
