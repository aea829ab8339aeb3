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
export type CadreStatistics = Schemas['CadreStatistics'];
