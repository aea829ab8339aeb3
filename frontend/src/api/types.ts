/** Friendly names for the generated OpenAPI schema types (schema.d.ts is generated: never edit it). */
import type { components, paths } from './schema';

type Schemas = components['schemas'];

export type Unit = Schemas['UnitRead'];
export type UnitPage = Schemas['UnitPage'];
export type UnitType = Schemas['UnitTypeRead'];
export type UnitEvent = Schemas['UnitEventRead'];
export type UnitEventType = UnitEvent['event_type'];
export type Sector = NonNullable<Unit['sector']>;
export type Me = Schemas['MeRead'];
export type ProblemBody = Schemas['Problem'];

export type UnitListQuery = NonNullable<paths['/api/v1/units']['get']['parameters']['query']>;

export type { components, paths };

export type Position = Schemas['PositionRead'];
export type Grant = Schemas['GrantRead'];
export type Cadre = Schemas['CadreRead'];
export type CadrePage = Schemas['CadrePage'];
export type CadreCreate = Schemas['CadreCreate'];
export type CadreUpdate = Schemas['CadreUpdate'];
export type CadreListQuery = NonNullable<paths['/api/v1/cadres']['get']['parameters']['query']>;
export type Gender = Cadre['gender'];
export type EmploymentKind = Cadre['employment'];
export type EducationLevel = Cadre['education_level'];
export type PoliticalTheory = Cadre['political_theory'];
export type Job = Schemas['JobRead'];

// operations (spa-ops): personnel actions, planning, plans, reports, report requests, administration
export type Action = Schemas['ActionRead'];
export type ActionCreate = Schemas['ActionCreate'];
export type ActionType = Action['type'];
export type ActionStatus = Action['status'];
export type Eligibility = Schemas['Eligibility'];
export type EligibilityPreview = Schemas['EligibilityPreview'];
export type Notification = Schemas['NotificationRead'];
export type CadreStatistics = Schemas['CadreStatistics'];
export type ReportRequest = Schemas['ReportRequestRead'];
export type ReportRequestCreate = Schemas['ReportRequestCreate'];
export type Tracking = Schemas['Tracking'];
export type TrackingRow = Schemas['TrackingRow'];
export type PlanningCycle = Schemas['CycleRead'];
export type PlanningCandidate = Schemas['CandidateRead'];
export type CycleStructure = Schemas['CycleStructure'];
export type PlanDetail = Schemas['PlanDetail'];
export type TargetProgress = Schemas['TargetProgress'];
export type AdminUser = Schemas['UserRead'];
export type AdminClient = Schemas['ClientRead'];
export type RoleGrant = Schemas['RoleGrantRead'];
export type AuditEntry = Schemas['AuditEntryRead'];
export type AccessEntry = Schemas['AccessEntryRead'];

export type Task = Schemas['TaskPage']['items'][number];
export type TaskResolve = Schemas['TaskResolve'];
export type TaskListQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;
