/** The units tree shows a node's children grouped by unit type (catalogue order), each group in Vietnamese name order. */
import type { Unit, UnitType } from '../../api/types';
import { sortByVi } from '../../lib/collation';

export interface ChildGroup {
  unitType: string;
  units: Unit[];
}

/** Group `children` by `unit_type`: groups in the catalogue's order (unknown types last, by code), names in vi order. */
export function groupByType(children: readonly Unit[], catalogue: readonly Pick<UnitType, 'code'>[]): ChildGroup[] {
  const order = new Map(catalogue.map((t, i) => [t.code, i]));
  const byType = new Map<string, Unit[]>();
  for (const unit of children) {
    const list = byType.get(unit.unit_type);
    if (list) list.push(unit);
    else byType.set(unit.unit_type, [unit]);
  }
  const rank = (code: string) => order.get(code) ?? Number.MAX_SAFE_INTEGER;
  return [...byType.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([unitType, units]) => ({ unitType, units: sortByVi(units, (u) => u.name) }));
}
