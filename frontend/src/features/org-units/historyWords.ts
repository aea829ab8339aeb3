/**
 * A unit's history in the user's words, from the point of view of the unit being looked at: a grassroots
 * union whose district federation was dissolved reads "chuyển về LĐLĐ tỉnh", not the parent's "Giải thể".
 * Pure function: it returns an i18n key (units namespace, `history.words.*`) and its parameters; a unit
 * named only by id (`parentId`) is resolved by the caller.
 */
import type { UnitEvent } from '../../api/types';

export interface HistoryWords {
  key: string;
  params: Record<string, string>;
  /** A unit the sentence names but the event does not carry the name of (the new parent after a dissolve). */
  parentId?: number;
}

interface Linked {
  unit_id: number;
  role: string;
  name?: string;
}

function linked(event: UnitEvent): Linked[] {
  return event.units.map((u) => ({ unit_id: Number(u.unit_id), role: String(u.role), name: u.name === undefined ? undefined : String(u.name) }));
}

function names(units: Linked[], role: string, except?: number): string {
  return units
    .filter((u) => u.role === role && u.unit_id !== except)
    .map((u) => u.name ?? `#${u.unit_id}`)
    .join(', ');
}

export function historyWords(event: UnitEvent, unitId: number): HistoryWords {
  const units = linked(event);
  const role = event.role;
  const details = (event.details ?? {}) as Record<string, unknown>;
  switch (event.event_type) {
    case 'establish':
      return { key: 'history.words.established', params: {} };
    case 'rename':
      return {
        key: 'history.words.renamed',
        params: { old: String(details.old_name ?? ''), new: String(details.new_name ?? '') },
      };
    case 'move':
      if (role === 'subject') return { key: 'history.words.movedTo', params: { target: names(units, 'target') } };
      if (role === 'target') return { key: 'history.words.received', params: { units: names(units, 'subject') } };
      return { key: 'history.words.movedAway', params: { units: names(units, 'subject'), target: names(units, 'target') } };
    case 'merge':
      if (role === 'source') return { key: 'history.words.mergedInto', params: { target: names(units, 'target') } };
      if (role === 'target') return { key: 'history.words.absorbed', params: { units: names(units, 'source', unitId) } };
      return { key: 'history.words.movedTo', params: { target: names(units, 'target') } };
    case 'split':
      if (role === 'part') return { key: 'history.words.splitFrom', params: { source: names(units, 'subject') || names(units, 'source') } };
      if (role === 'child') return { key: 'history.words.movedTo', params: { target: names(units, 'part') } };
      return { key: 'history.words.splitInto', params: { units: names(units, 'part') } };
    case 'dissolve': {
      if (role === 'subject') return { key: 'history.words.dissolved', params: {} };
      const moves = Array.isArray(details.moved_children) ? (details.moved_children as { unit_id: number; to_parent_id: number }[]) : [];
      const mine = moves.find((m) => Number(m.unit_id) === unitId);
      return {
        key: 'history.words.parentDissolved',
        params: { parent: names(units, 'subject') },
        parentId: mine ? Number(mine.to_parent_id) : undefined,
      };
    }
    default:
      return { key: 'history.words.other', params: {} };
  }
}
