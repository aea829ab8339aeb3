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
