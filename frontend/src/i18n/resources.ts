import enActionBatch from './locales/en/actionBatch.json';
import enActions from './locales/en/actions.json';
import enAdmin from './locales/en/admin.json';
import enAuth from './locales/en/auth.json';
import enCadres from './locales/en/cadres.json';
import enChair from './locales/en/chair.json';
import enCommitteeChanges from './locales/en/committeeChanges.json';
import enCommon from './locales/en/common.json';
import enConduct from './locales/en/conduct.json';
import enDashboard from './locales/en/dashboard.json';
import enEnums from './locales/en/enums.json';
import enErrors from './locales/en/errors.json';
import enEvaluation from './locales/en/evaluation.json';
import enIntegration from './locales/en/integration.json';
import enJobs from './locales/en/jobs.json';
import enOps from './locales/en/ops.json';
import enPlanning from './locales/en/planning.json';
import enPlans from './locales/en/plans.json';
import enPrivacy from './locales/en/privacy.json';
import enRotations from './locales/en/rotations.json';
import enSelfDeclarations from './locales/en/selfDeclarations.json';
import enTasks from './locales/en/tasks.json';
import enTraining from './locales/en/training.json';
import enUnitEdit from './locales/en/unitEdit.json';
import enUnits from './locales/en/units.json';
import viActionBatch from './locales/vi/actionBatch.json';
import viActions from './locales/vi/actions.json';
import viAdmin from './locales/vi/admin.json';
import viAuth from './locales/vi/auth.json';
import viCadres from './locales/vi/cadres.json';
import viChair from './locales/vi/chair.json';
import viCommitteeChanges from './locales/vi/committeeChanges.json';
import viCommon from './locales/vi/common.json';
import viConduct from './locales/vi/conduct.json';
import viDashboard from './locales/vi/dashboard.json';
import viEnums from './locales/vi/enums.json';
import viErrors from './locales/vi/errors.json';
import viEvaluation from './locales/vi/evaluation.json';
import viIntegration from './locales/vi/integration.json';
import viJobs from './locales/vi/jobs.json';
import viOps from './locales/vi/ops.json';
import viPlanning from './locales/vi/planning.json';
import viPlans from './locales/vi/plans.json';
import viPrivacy from './locales/vi/privacy.json';
import viRotations from './locales/vi/rotations.json';
import viSelfDeclarations from './locales/vi/selfDeclarations.json';
import viTasks from './locales/vi/tasks.json';
import viTraining from './locales/vi/training.json';
import viUnitEdit from './locales/vi/unitEdit.json';
import viUnits from './locales/vi/units.json';

export { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages';

export const NAMESPACES = ['common', 'auth', 'units', 'chair', 'errors', 'enums', 'actionBatch', 'actions', 'admin', 'cadres', 'committeeChanges', 'conduct', 'dashboard', 'evaluation', 'integration', 'jobs', 'ops', 'planning', 'plans', 'privacy', 'rotations', 'selfDeclarations', 'tasks', 'training', 'unitEdit'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const resources = {
  vi: {
    common: viCommon,
    auth: viAuth,
    units: viUnits,
    chair: viChair,
    errors: viErrors,
    enums: viEnums,
    actionBatch: viActionBatch,
    actions: viActions,
    admin: viAdmin,
    cadres: viCadres,
    committeeChanges: viCommitteeChanges,
    conduct: viConduct,
    dashboard: viDashboard,
    evaluation: viEvaluation,
    integration: viIntegration,
    jobs: viJobs,
    ops: viOps,
    planning: viPlanning,
    plans: viPlans,
    privacy: viPrivacy,
    rotations: viRotations,
    selfDeclarations: viSelfDeclarations,
    tasks: viTasks,
    training: viTraining,
    unitEdit: viUnitEdit,
  },
  en: {
    common: enCommon,
    auth: enAuth,
    units: enUnits,
    chair: enChair,
    errors: enErrors,
    enums: enEnums,
    actionBatch: enActionBatch,
    actions: enActions,
    admin: enAdmin,
    cadres: enCadres,
    committeeChanges: enCommitteeChanges,
    conduct: enConduct,
    dashboard: enDashboard,
    evaluation: enEvaluation,
    integration: enIntegration,
    jobs: enJobs,
    ops: enOps,
    planning: enPlanning,
    plans: enPlans,
    privacy: enPrivacy,
    rotations: enRotations,
    selfDeclarations: enSelfDeclarations,
    tasks: enTasks,
    training: enTraining,
    unitEdit: enUnitEdit,
  },
} as const;
